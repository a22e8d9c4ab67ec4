/**
 * Fluent's own SVG icons (@fluentui/svg-icons), inlined at build time: only the ones imported here reach
 * the bundle. An icon is decoration beside words that say the same, so it is hidden from screen readers.
 */
import add from '@fluentui/svg-icons/icons/add_20_regular.svg';
import arrowLeft from '@fluentui/svg-icons/icons/arrow_left_20_regular.svg';
import caseload from '@fluentui/svg-icons/icons/task_list_ltr_20_regular.svg';
import improvements from '@fluentui/svg-icons/icons/lightbulb_20_regular.svg';
import reports from '@fluentui/svg-icons/icons/data_bar_vertical_20_regular.svg';
import learning from '@fluentui/svg-icons/icons/hat_graduation_20_regular.svg';
import settings from '@fluentui/svg-icons/icons/settings_20_regular.svg';
import people from '@fluentui/svg-icons/icons/people_team_20_regular.svg';
import close from '@fluentui/svg-icons/icons/checkmark_circle_20_regular.svg';
import escalate from '@fluentui/svg-icons/icons/arrow_up_20_regular.svg';
import extend from '@fluentui/svg-icons/icons/calendar_add_20_regular.svg';
import assign from '@fluentui/svg-icons/icons/person_arrow_right_20_regular.svg';
import acknowledge from '@fluentui/svg-icons/icons/mail_checkmark_20_regular.svg';
import send from '@fluentui/svg-icons/icons/send_20_regular.svg';
import approve from '@fluentui/svg-icons/icons/checkmark_20_regular.svg';
import sendBack from '@fluentui/svg-icons/icons/arrow_undo_20_regular.svg';
import rootCause from '@fluentui/svg-icons/icons/search_20_regular.svg';
import withdraw from '@fluentui/svg-icons/icons/dismiss_circle_20_regular.svg';
import notComplaint from '@fluentui/svg-icons/icons/prohibited_20_regular.svg';
import lock from '@fluentui/svg-icons/icons/lock_closed_20_regular.svg';
import unlock from '@fluentui/svg-icons/icons/lock_open_20_regular.svg';
import spso from '@fluentui/svg-icons/icons/building_government_20_regular.svg';
import quote from '@fluentui/svg-icons/icons/comment_quote_20_regular.svg';
import warning from '@fluentui/svg-icons/icons/warning_20_filled.svg';
import clock from '@fluentui/svg-icons/icons/clock_20_regular.svg';
import more from '@fluentui/svg-icons/icons/more_horizontal_20_regular.svg';
import info from '@fluentui/svg-icons/icons/info_20_regular.svg';
import documentIcon from '@fluentui/svg-icons/icons/document_text_20_regular.svg';
import privacy from '@fluentui/svg-icons/icons/shield_person_20_regular.svg';

const ICONS = { add, arrowLeft, caseload, improvements, reports, learning, settings, people, close, escalate, extend, assign, acknowledge, send, approve, return: sendBack, rootCause, withdraw, notComplaint, lock, unlock, spso, quote, warning, clock, more, info, document: documentIcon, privacy };

export type IconName = keyof typeof ICONS;

export function Icon(props: { name: IconName; class?: string; slot?: string }) {
  // The markup is Fluent's own files, fixed at build time: nothing from users or the network.
  return <span class={`icon${props.class ? ` ${props.class}` : ''}`} slot={props.slot} aria-hidden="true" dangerouslySetInnerHTML={{ __html: ICONS[props.name] }} />;
}
