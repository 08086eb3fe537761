// SPDX-License-Identifier: MIT
// Onboarding: "How Cobuild works" (the story's phases, the roles and the money rules), and on a
// project page a line per role of what it can do in the current phase, and until when.
import { PHASES, JOURNEY } from './phases.mjs';
import { t, dateTime } from './i18n.js';
import { esc } from './ui.js';

/** The roles, in the order the guide names them. */
export const ROLES = ['creator', 'maker', 'backer', 'inspector', 'buyer', 'merchant', 'provider', 'anyone'];
/** What each role can do in each phase (keys guide.<Phase>.<role>; a role absent has nothing to do). */
export const GUIDE = {
  Ideation: ['maker', 'backer', 'anyone'],
  Finalizing: ['anyone', 'backer'],
  Failed: ['backer'],
  Rescue: ['backer', 'anyone'],
  Development: ['maker', 'backer'],
  Testing: ['inspector', 'maker'],
  Presale: ['creator', 'buyer', 'merchant', 'provider', 'inspector'],
  Closed: ['anyone', 'backer', 'creator', 'merchant'],
};
/** The money rules, one sentence each (keys rule.<name>). */
export const RULES = ['escrow', 'refund', 'rescue', 'advance', 'presale', 'revenue', 'bond'];

/** The per-phase line of a project page: what each role can do now and until when; the roles the
 * connected account holds are marked "you". */
export function phaseGuide(p, { isCreator, isInspector, me, boundary }) {
  const phase = PHASES[p.phase];
  const yours = new Set([...(isCreator ? ['creator'] : []), ...(isInspector ? ['inspector'] : []), ...(me ? ['anyone'] : [])]);
  const until = boundary ? t('guide.until', { date: dateTime(boundary.end) }) : t('guide.noEnd');
  return `<section class="card guide" id="guide" aria-labelledby="guide-title"><h2 id="guide-title">${esc(t('guide.title', { phase: t(`phase.${phase}`) }))}</h2>
    <p class="muted">${esc(t(`phaseText.${phase}`))} ${esc(until)}</p>
    <ul>${GUIDE[phase]
      .map(
        (role) =>
          `<li data-role="${role}"><b>${esc(t(`role.${role}`))}</b>${yours.has(role) ? ` <span class="tag">${esc(t('guide.you'))}</span>` : ''}${esc(t('punct.colon'))}${esc(t(`guide.${phase}.${role}`))}</li>`,
      )
      .join('')}</ul><p><a href="#/how">${esc(t('how.link'))}</a></p></section>`;
}

/** "How Cobuild works": the phases in order, the roles and the money rules. */
export function pageHow() {
  const phases = [...JOURNEY.slice(0, 2), 'Failed', ...JOURNEY.slice(2)];
  return {
    current: { page: 'how' },
    html: `<h1>${esc(t('how.title'))}</h1>
  <p class="lead">${esc(t('how.intro'))}</p>
  <h2>${esc(t('how.phases'))}</h2>
  <ol class="phases">${phases.map((ph) => `<li><b>${esc(t(`phase.${ph}`))}</b>${esc(t('punct.colon'))}${esc(t(`phaseText.${ph}`))}</li>`).join('')}</ol>
  <h2>${esc(t('how.roles'))}</h2>
  <dl class="roles">${ROLES.map((r) => `<dt>${esc(t(`role.${r}`))}</dt><dd>${esc(t(`roleText.${r}`))}</dd>`).join('')}</dl>
  <h2>${esc(t('how.money'))}</h2>
  <ul>${RULES.map((r) => `<li>${esc(t(`rule.${r}`))}</li>`).join('')}</ul>
  <p><a href="#/">${esc(t('how.start'))}</a></p>`,
  };
}
