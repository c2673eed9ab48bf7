package main

import "github.com/middleware-playground/playground/web"

// settingsParser and orderLinter connect the settings.py reader and the
// order linter to the server; nil (feature shown as unavailable) until
// those packages are part of the build.
func settingsParser() web.SettingsParser { return nil }

func orderLinter() web.Linter { return nil }
