/** The cookie that remembers larger text (适老化), set by /text-size and read by the page shell. */
export const TEXT_SIZE_COOKIE = 'textsize';
