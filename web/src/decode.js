// Bytes of an opened file → text: UTF-8 (with or without BOM), UTF-16 with a BOM, otherwise
// GB18030 (which covers GBK), as the command-line checker reads them. The BOM is remembered so
// that saving writes it back; saving always writes UTF-8.
export function decode(bytes) {
  const has = (...b) => b.every((x, i) => bytes[i] === x);
  if (has(0xef, 0xbb, 0xbf)) return { text: new TextDecoder('utf-8').decode(bytes), bom: true };
  if (has(0xff, 0xfe)) return { text: new TextDecoder('utf-16le').decode(bytes), bom: true };
  if (has(0xfe, 0xff)) return { text: new TextDecoder('utf-16be').decode(bytes), bom: true };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), bom: false };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), bom: false };
  }
}
