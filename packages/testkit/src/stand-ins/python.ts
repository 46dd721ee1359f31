// The Python image's stand-in, laid out by .ci/python-image.sh.
import type { StandIn } from "../engine/images.ts";
import { setupFolder } from "./setup.ts";

/**
 * The official Python images (python:3.x-slim and kin), every version alike: /usr/local
 * holds python, python3, python3.11 and pip, which are the host's Debian Python 3.11
 * (with venv and pip), as the image's own Python sits in /usr/local.
 *
 * What it cannot show: the Python version the image address names (every python:3.x
 * runs 3.11, so a project whose requires-python excludes 3.11 cannot run here), and what
 * the slim image lacks (the host's git, compiler and headers stay visible in /usr).
 */
export function pythonImage(): StandIn {
  return {
    image: /(^|\/)python[:@]/,
    binds: { "/usr/local": setupFolder("TOOLCHAINS_PYTHON_IMAGE") },
  };
}
