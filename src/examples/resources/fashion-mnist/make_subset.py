#!/usr/bin/env python3
"""Writes the small Fashion-MNIST sample that ships with backprop4j's example.

Takes the FIRST 10,000 training and the FIRST 2,000 test images and labels, in file order, from the
full Fashion-MNIST IDX files, rewrites the count in each IDX header, and gzips the result
deterministically (mtime 0, no file name in the gzip header, compression level 9), so that running
the script again gives the same bytes (with the same zlib). Python 3 standard library only.

Usage:
    python3 make_subset.py [SOURCE_DIR] [--out OUT_DIR]

SOURCE_DIR holds the four full files (each either gzipped, NAME.gz, or not, NAME); it defaults to
/usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist). OUT_DIR defaults to the
folder of this script. Prints the class balance and the SHA-256 of every file written.
"""

import argparse
import gzip
import hashlib
import io
import os
import struct
import sys

DEFAULT_SOURCE = "/usr/share/datasets/fashion-mnist"

TRAIN_COUNT = 10_000
TEST_COUNT = 2_000

IMAGES_MAGIC = 0x00000803  # unsigned byte, 3 dimensions
LABELS_MAGIC = 0x00000801  # unsigned byte, 1 dimension
ROWS = COLS = 28
NUM_CLASSES = 10

CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

# (images file, labels file, how many to keep)
SPLITS = [
    ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", TRAIN_COUNT),
    ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", TEST_COUNT),
]


def fail(message):
    sys.exit("make_subset.py: " + message)


def read_source(folder, name):
    """Returns the decompressed bytes of NAME.gz, or of NAME if there is no .gz."""
    gz_path = os.path.join(folder, name + ".gz")
    raw_path = os.path.join(folder, name)
    if os.path.isfile(gz_path):
        try:
            with gzip.open(gz_path, "rb") as f:
                return f.read()
        except (OSError, EOFError) as e:
            fail(f"{gz_path}: not a readable gzip file ({e})")
    if os.path.isfile(raw_path):
        with open(raw_path, "rb") as f:
            return f.read()
    fail(f"neither {gz_path} nor {raw_path} exists")


def check_idx(name, data, magic, dims):
    """Checks the IDX header and the exact length; returns the item count."""
    header_len = 4 + 4 * len(dims)
    if len(data) < header_len:
        fail(f"{name}: {len(data)} bytes, shorter than its {header_len}-byte header")
    found_magic, count, *rest = struct.unpack(">" + "I" * (1 + len(dims)), data[:header_len])
    if found_magic != magic:
        fail(f"{name}: magic 0x{found_magic:08x}, expected 0x{magic:08x}")
    if rest != dims[1:]:
        fail(f"{name}: item shape {rest}, expected {dims[1:]}")
    item_len = 1
    for d in rest:
        item_len *= d
    expected = header_len + count * item_len
    if len(data) != expected:
        fail(f"{name}: {len(data)} bytes, expected {expected} for {count} items")
    return count


def subset(data, magic, dims, keep):
    """The IDX bytes of the first KEEP items, with the count in the header rewritten."""
    header_len = 4 + 4 * len(dims)
    item_len = 1
    for d in dims[1:]:
        item_len *= d
    header = struct.pack(">" + "I" * (1 + len(dims)), magic, keep, *dims[1:])
    return header + data[header_len:header_len + keep * item_len]


def gzip_deterministic(payload):
    """Gzip with mtime 0, no file name in the header and compression level 9."""
    buf = io.BytesIO()
    # filename="" keeps the FNAME field out of the header; GzipFile writes OS = 255 (unknown).
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as f:
        f.write(payload)
    return buf.getvalue()


def write_atomically(path, content):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(content)
    os.replace(tmp, path)


def class_counts(labels_idx):
    counts = [0] * NUM_CLASSES
    for label in labels_idx[8:]:
        if label >= NUM_CLASSES:
            fail(f"label {label} out of range 0..{NUM_CLASSES - 1}")
        counts[label] += 1
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", default=DEFAULT_SOURCE,
                        help=f"folder with the full Fashion-MNIST files (default {DEFAULT_SOURCE})")
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)),
                        help="folder to write the subset into (default: this script's folder)")
    args = parser.parse_args()

    written = []
    for images_name, labels_name, keep in SPLITS:
        images = read_source(args.source, images_name)
        labels = read_source(args.source, labels_name)
        n_images = check_idx(images_name, images, IMAGES_MAGIC, [None, ROWS, COLS])
        n_labels = check_idx(labels_name, labels, LABELS_MAGIC, [None])
        if n_images != n_labels:
            fail(f"{images_name} has {n_images} images but {labels_name} has {n_labels} labels")
        if n_images < keep:
            fail(f"{images_name} has {n_images} images, fewer than the {keep} to keep")

        sub_labels = subset(labels, LABELS_MAGIC, [keep], keep)
        sub_images = subset(images, IMAGES_MAGIC, [keep, ROWS, COLS], keep)

        counts = class_counts(sub_labels)
        print(f"{labels_name}: first {keep} of {n_labels}, class balance:")
        for k, (name, c) in enumerate(zip(CLASS_NAMES, counts)):
            print(f"  {k} {name:<12} {c:5d}")
        print(f"  min {min(counts)}, max {max(counts)}")

        for name, payload in ((images_name, sub_images), (labels_name, sub_labels)):
            gz = gzip_deterministic(payload)
            path = os.path.join(args.out, name + ".gz")
            write_atomically(path, gz)
            written.append((name + ".gz", len(gz), hashlib.sha256(gz).hexdigest(),
                            len(payload), hashlib.sha256(payload).hexdigest()))

    print()
    print("file                          gz bytes  SHA-256 (gz)")
    for name, gz_len, gz_sha, _, _ in written:
        print(f"{name:<29} {gz_len:8d}  {gz_sha}")
    print()
    print("file (decompressed)           bytes     SHA-256 (decompressed)")
    for name, _, _, raw_len, raw_sha in written:
        print(f"{name[:-3]:<29} {raw_len:8d}  {raw_sha}")


if __name__ == "__main__":
    main()
