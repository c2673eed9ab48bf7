package web

import "github.com/middleware-playground/playground/stack/settingspy"

// pyRepr writes a setting's value as a Python literal, as settings.py
// would hold it.
func pyRepr(v any) string { return settingspy.Literal(v, '\'') }
