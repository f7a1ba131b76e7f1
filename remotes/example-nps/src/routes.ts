/** `?record=1` opens the "Record response" dialog (the palette command links here). */
export const RECORD_PARAM = 'record';
/** `?category=promoter|passive|detractor` filters the responses table (a chip). */
export const CATEGORY_PARAM = 'category';
