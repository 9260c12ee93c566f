"""A YOLOv8-format ONNX object detector run with onnxruntime: the detector port's (detection.py) adapter.

Any Ultralytics detection export works: input [1, 3, S, S] RGB 0..1 letterboxed with grey (114),
output [1, 4 + classes, anchors] (box cx, cy, w, h in input pixels, then one score per class, no NMS).
Class names come from the model's metadata `names`.

Smaller inputs than the model's 640: exported models usually have a fixed input size, so instead of
shrinking the input this packs several frames, each scaled to `frame_size` (e.g. 320), side by side
into one 640x640 input. A portrait 9:16 frame at 320 is 180x320, so six frames share one inference
instead of one each; the products a seller films fill a good part of the frame and stay easy to see
at that size. With a dynamic-size model each frame is letterboxed to `frame_size` on its own.
"""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import numpy as np

from tiktok_commerce.workers.thumbnails.detection import Detection

log = logging.getLogger(__name__)

PAD_VALUE = 114  # Ultralytics' letterbox grey
GUTTER = 8  # grey pixels between packed frames, so no box spans two of them
SNUG = 0.05  # a frame is shrunk by up to this share when that lets one more share an inference


def _class_names(metadata: dict[str, str], count: int) -> list[str]:
    names: dict[int, str] = {}
    raw = metadata.get("names")
    if raw:
        try:
            parsed = ast.literal_eval(raw)  # a Python dict literal in Ultralytics exports; never eval()
            names = {
                int(k): str(v) for k, v in (parsed.items() if isinstance(parsed, dict) else enumerate(parsed))
            }
        except (ValueError, SyntaxError):
            log.warning("the model's metadata 'names' cannot be read; using class numbers")
    return [names.get(i, f"class_{i}") for i in range(count)]


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> list[int]:
    """Greedy non-maximum suppression; returns kept indices, best first."""
    order = scores.argsort()[::-1]
    areas = (boxes[:, 2] - boxes[:, 0]).clip(0) * (boxes[:, 3] - boxes[:, 1]).clip(0)
    keep: list[int] = []
    while order.size:
        i = int(order[0])
        keep.append(i)
        rest = order[1:]
        xx0 = np.maximum(boxes[i, 0], boxes[rest, 0])
        yy0 = np.maximum(boxes[i, 1], boxes[rest, 1])
        xx1 = np.minimum(boxes[i, 2], boxes[rest, 2])
        yy1 = np.minimum(boxes[i, 3], boxes[rest, 3])
        inter = (xx1 - xx0).clip(0) * (yy1 - yy0).clip(0)
        iou = inter / (areas[i] + areas[rest] - inter + 1e-9)
        order = rest[iou <= iou_threshold]
    return keep


def _resize(image: np.ndarray, width: int, height: int) -> np.ndarray:
    if image.shape[1] == width and image.shape[0] == height:
        return image
    from PIL import Image

    return np.asarray(Image.fromarray(image).resize((width, height), Image.Resampling.BILINEAR))


class OnnxDetector:
    def __init__(self, path: str | Path, threads: int = 1, frame_size: int = 640) -> None:
        import onnxruntime as ort  # heavy: imported only where a detector is built

        self.path = Path(path)
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])
        inputs = self.session.get_inputs()
        self.input_name = inputs[0].name
        shape = inputs[0].shape  # [1, 3, H, W]; ints when fixed, strings when dynamic
        self.fixed = isinstance(shape[2], int) and isinstance(shape[3], int)
        self.input_size = int(shape[2]) if self.fixed else 640
        output_shape = self.session.get_outputs()[0].shape
        classes = int(output_shape[1]) - 4 if isinstance(output_shape[1], int) else 80
        self.names = _class_names(self.session.get_modelmeta().custom_metadata_map, classes)
        # A frame is never shown larger than the model's input, nor smaller than 160 px.
        self.frame_size = max(160, min(int(frame_size), self.input_size))
        if not self.fixed:
            self.frame_size = max(32, self.frame_size // 32 * 32)
            self.input_size = self.frame_size

    def warm_up(self) -> None:
        """One inference on a blank input: the first run allocates and picks kernels, so a worker
        pays that once when it loads the model rather than on its first video."""
        self._run(np.full((self.input_size, self.input_size, 3), PAD_VALUE, dtype=np.uint8))

    @property
    def name(self) -> str:
        return self.path.stem

    def _run(self, canvas: np.ndarray) -> np.ndarray:
        """The model's output for one input: (4 + classes) x anchors."""
        # Straight into a contiguous planar float32 blob, the values of astype(float32) / 255: one
        # pass, where converting, transposing and dividing took three and onnxruntime a copy.
        blob = np.empty((1, 3, *canvas.shape[:2]), dtype=np.float32)
        np.divide(canvas.transpose(2, 0, 1), np.float32(255.0), out=blob[0], dtype=np.float32)
        out: np.ndarray = self.session.run(None, {self.input_name: blob})[0][0]
        return out

    def _decode(self, out: np.ndarray, conf: float, iou: float) -> list[tuple[np.ndarray, float, int]]:
        scores = out[4:]  # classes x anchors: reduced along the contiguous rows, not the transpose
        class_ids = scores.argmax(0)
        confidences = scores.max(0)
        mask = confidences >= conf
        if not mask.any():
            return []
        rows, class_ids, confidences = out[:4, mask].T, class_ids[mask], confidences[mask]
        cx, cy, w, h = rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3]
        boxes = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1)
        # Class-aware NMS: offset each class far apart so boxes of different classes never suppress.
        offset = class_ids[:, None].astype(np.float32) * 4096.0
        keep = nms(boxes + offset, confidences, iou)[:100]
        return [(boxes[i], float(confidences[i]), int(class_ids[i])) for i in keep]

    def _layout(self, width: int, height: int) -> tuple[float, int, int, int, int]:
        """Scale of one frame, its size in the input, and how many fit across and down. A frame is
        shrunk to frame_size (longest side), never enlarged: the pipeline sizes its views itself."""
        scale = min(1.0, self.frame_size / max(width, height))
        # A frame a few pixels too big for one more to fit beside it (a 560x317 letterboxed picture:
        # two would need 642 rows of 640) is shrunk that little, halving the inferences it costs.
        for side in (width, height):
            fits = (self.input_size + GUTTER) // (round(side * scale) + GUTTER)
            snug = ((self.input_size + GUTTER) // (fits + 1) - GUTTER) / side
            if fits >= 1 and snug >= scale * (1 - SNUG):
                scale = snug
        w, h = max(1, int(width * scale)), max(1, int(height * scale))
        cols = max(1, (self.input_size + GUTTER) // (w + GUTTER))
        rows = max(1, (self.input_size + GUTTER) // (h + GUTTER))
        return scale, w, h, cols, rows

    def frames_per_input(self, width: int, height: int) -> int:
        """How many frames of this size share one inference."""
        if not self.fixed:
            return 1
        _, _, _, cols, rows = self._layout(width, height)
        return cols * rows

    def _pack(self, sizes: list[tuple[int, int]]) -> list[list[tuple[int, int, int]]]:
        """Inputs to run, each a list of (image index, x, y): images stacked in columns, widest first,
        a new column where the last is full, a new input where no column fits (a portrait picture
        and two squares share one; a lone image is centred, as the usual letterbox does)."""
        order = sorted(range(len(sizes)), key=lambda i: (-sizes[i][0], -sizes[i][1]))
        inputs: list[list[tuple[int, int, int]]] = []
        columns: list[list[list[int]]] = []  # per input: [x, width, next y] of each column
        for index in order:
            w, h = sizes[index]
            spot = None
            for n, cols in enumerate(columns if self.fixed else []):
                for col in cols:
                    if w <= col[1] and col[2] + h <= self.input_size:
                        spot = (n, col[0], col[2])
                        col[2] += h + GUTTER
                        break
                if spot is None:
                    right = max(c[0] + c[1] for c in cols) + GUTTER
                    if right + w <= self.input_size:
                        cols.append([right, w, h + GUTTER])
                        spot = (n, right, 0)
                if spot is not None:
                    break
            if spot is None:
                columns.append([[0, w, h + GUTTER]])
                inputs.append([])
                spot = (len(inputs) - 1, 0, 0)
            inputs[spot[0]].append((index, spot[1], spot[2]))
        for placed in inputs:
            if len(placed) == 1:
                index = placed[0][0]
                w, h = sizes[index]
                placed[0] = (index, (self.input_size - w) // 2, (self.input_size - h) // 2)
        return inputs

    def detect(
        self, images: list[np.ndarray], conf: float = 0.25, iou: float = 0.45
    ) -> list[list[Detection]]:
        """Detections per image (RGB uint8 arrays, any size), boxes in each image's own pixels."""
        results: list[list[Detection]] = [[] for _ in images]
        if not images:
            return results
        scaled = []
        for image in images:
            scale, w, h, _, _ = self._layout(image.shape[1], image.shape[0])
            scaled.append((scale, w, h))
        for placed in self._pack([(w, h) for _, w, h in scaled]):
            canvas = np.full((self.input_size, self.input_size, 3), PAD_VALUE, dtype=np.uint8)
            for index, x, y in placed:
                _, w, h = scaled[index]
                canvas[y : y + h, x : x + w] = _resize(images[index], w, h)
            for box, confidence, class_id in self._decode(self._run(canvas), conf, iou):
                cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
                for index, x, y in placed:
                    scale, w, h = scaled[index]
                    if not (x <= cx < x + w and y <= cy < y + h):
                        continue
                    x0 = (min(max(box[0], x), x + w) - x) / scale
                    y0 = (min(max(box[1], y), y + h) - y) / scale
                    x1 = (min(max(box[2], x), x + w) - x) / scale
                    y1 = (min(max(box[3], y), y + h) - y) / scale
                    if x1 - x0 >= 2 and y1 - y0 >= 2:
                        label = self.names[class_id] if class_id < len(self.names) else str(class_id)
                        box_px = (float(x0), float(y0), float(x1), float(y1))
                        results[index].append(Detection(label, class_id, confidence, box_px))
                    break
        return results
