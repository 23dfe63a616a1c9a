// BT.601 luma weights, as PSNR-Y reads them. They sum to 1, so adding one value to R, G and B moves luma
// by that value and leaves both chroma channels where they were (detail-transfer.ts, neutral-gray.ts).
export const LUMA = [0.299, 0.587, 0.114] as const;
