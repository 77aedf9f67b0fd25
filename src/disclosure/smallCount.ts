/**
 * The small-cell rule, the one place it is written: a count from 1 to minCell - 1 is
 * not published (minCell 1 turns the rule off; 0 is published, it identifies no one).
 * Every table, the report's, the ORIM tables, the crisis basins and the company
 * crises, applies it through these two functions.
 */
export const smallCount = (v: number, minCell: number): boolean => minCell > 1 && v >= 1 && v < minCell;

/** The same rule for a figure that may be negative (a saldo): its size. */
export const smallFigure = (v: number, minCell: number): boolean => smallCount(Math.abs(v), minCell);
