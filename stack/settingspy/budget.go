package settingspy

import (
	"context"
	"errors"
	"fmt"
)

// The budget bounds what a file can make the reader do, wherever the work
// happens: a statement or expression run, each element a loop, a copy, a
// comparison or a search goes through, and each bytesPerUnit bytes a
// string method scans or builds all draw from one budget, so `.replace` of
// a long string in a loop runs out as surely as `while True: pass`. What
// the file builds is capped too, per value and added up, which bounds the
// memory it can take. Real settings files use a few thousand units and a
// few kilobytes.
const (
	maxWork      = 2_000_000
	bytesPerUnit = 32
	maxBuilt     = 16 << 20
	// slotBytes is what one element of a list, tuple or dict costs.
	slotBytes = 16
	// allocUnits is what making a small object (a key's form, a dict
	// entry, a function's frame) costs next to a step.
	allocUnits = 8
	maxItems   = 100_000
	maxStrLen  = 1 << 20
	// ctxEvery is how many units go between two looks at the context.
	ctxEvery = 4096
)

// ErrTooMuchWork is the cause of a ParseError for a file that needs more
// work or memory to evaluate than a settings file does.
var ErrTooMuchWork = errors.New("the file does too much work to be read without running it")

type budget struct {
	ctx   context.Context
	used  int // units drawn
	built int // bytes of strings and slots built, added up
	// next is the value of used at which ctx is looked at again.
	next int
}

func newBudget(ctx context.Context) budget { return budget{ctx: ctx, next: ctxEvery} }

// tooMuch is the error that stops the evaluation; why says which limit,
// in words a user reads next to the line it stopped at.
func tooMuch(format string, args ...any) *fatal {
	return &fatal{msg: ErrTooMuchWork.Error() + ": " + fmt.Sprintf(format, args...), cause: ErrTooMuchWork}
}

// tick draws n units.
func (b *budget) tick(n int) error {
	b.used += max(n, 0)
	if err := b.over(); err != nil {
		return err
	}
	if b.used >= b.next {
		b.next = b.used + ctxEvery
		if err := b.ctx.Err(); err != nil {
			return &fatal{msg: "reading the file was stopped before it finished (" + err.Error() + ")", cause: err}
		}
	}
	return nil
}

// scan draws for n bytes of string read.
func (b *budget) scan(n int) error { return b.tick(1 + n/bytesPerUnit) }

// buildStr draws for a string of n bytes about to be made: callers ask
// before they make it, so that an oversized string is never allocated.
func (b *budget) buildStr(n int) error {
	if n > maxStrLen {
		return tooMuch("it builds a string longer than %d MB", maxStrLen>>20)
	}
	if err := b.alloc(n); err != nil {
		return err
	}
	return b.scan(n)
}

// grow draws for a list, tuple, dict or set about to go from have to
// have+add elements (have is 0 for a new one); the caller draws for
// copying the elements it had, when it copies them.
func (b *budget) grow(have, add int) error {
	if have+add > maxItems {
		return tooMuch("it builds a list of more than %d items", maxItems)
	}
	if err := b.alloc(add * slotBytes); err != nil {
		return err
	}
	return b.tick(add)
}

func (b *budget) alloc(n int) error {
	b.built += n
	return b.over()
}

// over says which limit, if any, the file has gone past.
func (b *budget) over() error {
	if b.used > maxWork {
		return tooMuch("it goes on for more than %d steps, where a settings file needs a few thousand (a loop that does not end, or a string or list worked on too often)", maxWork)
	}
	if b.built > maxBuilt {
		return tooMuch("the strings, lists and dicts it builds add up to more than %d MB", maxBuilt>>20)
	}
	return nil
}

// add draws n units for work inside code that cannot return an error
// (hashing a key, comparing two values, a sort's comparison), and says
// whether the budget still holds; that code then stops early and the next
// tick reports why. A nil budget is free: values the reader makes itself
// (the environment) are not the file's work.
func (b *budget) add(n int) bool {
	if b == nil {
		return true
	}
	b.used += n
	return b.over() == nil
}

// hold is add for n bytes built (a new dict entry).
func (b *budget) hold(n int) bool {
	if b == nil {
		return true
	}
	b.built += n
	return b.add(n / bytesPerUnit)
}
