// Small constructors for onnxruntime tensors, so pipeline code reads as shapes, not boilerplate.
import * as ort from 'onnxruntime-node';

export function floatTensor(data: Float32Array, dims: number[]): ort.Tensor {
  return new ort.Tensor('float32', data, dims);
}

export function int64Tensor(values: BigInt64Array | number[], dims: number[]): ort.Tensor {
  const data = values instanceof BigInt64Array ? values : BigInt64Array.from(values, (v) => BigInt(v));
  return new ort.Tensor('int64', data, dims);
}

export function floatData(tensor: ort.Tensor): Float32Array {
  return tensor.data as Float32Array;
}

/** Repeats a batch-1 tensor's data `batch` times along a new leading batch axis. */
export function repeatBatch(data: Float32Array, batch: number): Float32Array {
  if (batch === 1) return data;
  const out = new Float32Array(data.length * batch);
  for (let b = 0; b < batch; b++) out.set(data, b * data.length);
  return out;
}
