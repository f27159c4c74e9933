/** The duplicate confirm is shared by every record type: see features/duplicates/useDuplicateConfirm.ts. */
export { useDuplicateConfirm } from '../duplicates/useDuplicateConfirm';
