/**
 * The `chp` commands. To add one: write cli/commands/<name>.ts exporting a Command, and add one
 * line here.
 */
import type { Command } from '../command';
import { deadlineCommand } from './deadline';
import { disposeCommand } from './dispose';
import { exportCommand } from './export';
import { importCommand } from './import';
import { kpiCommand } from './kpi';
import { orgCommand } from './org';
import { migrateAttachmentsCommand } from './migrate-attachments';
import { rebuildAggregatesCommand } from './rebuild-aggregates';
import { reportCommand } from './report';
import { workingDaysCommand } from './working-days';

export const COMMANDS: Record<string, Command> = {
  deadline: deadlineCommand,
  'working-days': workingDaysCommand,
  kpi: kpiCommand,
  import: importCommand,
  export: exportCommand,
  report: reportCommand,
  'rebuild-aggregates': rebuildAggregatesCommand,
  dispose: disposeCommand,
  org: orgCommand,
  'migrate-attachments': migrateAttachmentsCommand,
};
