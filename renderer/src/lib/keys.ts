// Shared keyboard helpers: global shortcuts must not fire while the user types or works a control.
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'range', 'submit', 'reset'].includes(target.type);
  }
  return false;
}

/** A plain key press: no Ctrl, Alt or Meta (Shift is allowed, it makes `?` and `+`). */
export function isPlainKey(event: KeyboardEvent): boolean {
  return !event.ctrlKey && !event.altKey && !event.metaKey;
}

/** Space activates buttons; only steal it when nothing clickable has focus. */
export function spaceIsFree(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return true;
  return !target.closest('button, a, input, select, textarea, summary, [role="slider"], [role="radio"]');
}
