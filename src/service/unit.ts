// The systemd user unit the extension controls: its default name and the check every configured name passes
// before it reaches a command line.

export const DEFAULT_UNIT = 'docker.service';

/** systemd's own limit on a unit name's length. */
const MAX_UNIT_NAME = 255;
/** Letters, digits and `:_.@\-` (backslash for systemd's `\x2d` escapes), ending in `.service`. */
const UNIT_NAME = /^[A-Za-z0-9:_.@\\-]+\.service$/;

export type UnitCheck = { ok: true; unit: string } | { ok: false; reason: string };

/** Accepts a service unit name, or says why it is refused. A leading `-` could pass for an option. */
export function checkUnitName(name: unknown): UnitCheck {
  if (typeof name !== 'string' || name.trim() === '') return { ok: false, reason: 'the unit name is empty' };
  const unit = name.trim();
  const shown = JSON.stringify(unit.length > 80 ? `${unit.slice(0, 80)}…` : unit);
  if (unit.length > MAX_UNIT_NAME) return { ok: false, reason: `the unit name ${shown} is longer than ${MAX_UNIT_NAME} characters` };
  if (unit.startsWith('-')) return { ok: false, reason: `the unit name ${shown} starts with "-"` };
  if (!UNIT_NAME.test(unit)) {
    return { ok: false, reason: `${shown} is not a service unit name: use letters, digits and :_.@- only, ending in ".service" (e.g. docker.service)` };
  }
  if (/@\.service$/.test(unit)) return { ok: false, reason: `${shown} is a template: name an instance, e.g. ${unit.replace(/@\.service$/, '@1.service')}` };
  return { ok: true, unit };
}
