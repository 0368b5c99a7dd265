/** Writing results into data items. Steps call this last, after every check has passed. */

/** Writes `value` into `item` when the modeler chose one; no item chosen, nothing written. */
export function writeIfChosen(item: DataDefinitionView | null, value: string): void {
  if (item !== null) engine.setData(item, value);
}
