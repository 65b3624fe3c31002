"""Builds varopt._core, the C++ core of the Python package, with the project's CMake build.

pip runs this through pyproject.toml (`pip install --no-build-isolation .`). The core is
configured in build/pip (Release, only the library and the module) and its module copied into
the wheel. VAROPT_BUILD_DIR=<an existing build folder> builds the module there instead (the test
suite installs the build it has just tested); CMAKE_BUILD_PARALLEL_LEVEL sets the jobs (default:
the CPU count).
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


class CMakeExtension(Extension):
    def __init__(self, name: str):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        given = os.environ.get("VAROPT_BUILD_DIR")
        build_dir = Path(given) if given else ROOT / "build" / "pip"
        if not (build_dir / "CMakeCache.txt").exists():
            if given:
                raise RuntimeError(f"VAROPT_BUILD_DIR={given}: expected a configured CMake build folder")
            generator = ["-G", "Ninja"] if shutil.which("ninja") else []
            subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build_dir), *generator,
                            "-DCMAKE_BUILD_TYPE=Release", "-DVAROPT_BUILD_PYTHON=ON",
                            "-DVAROPT_BUILD_CLI=OFF", "-DVAROPT_BUILD_TESTS=OFF",
                            "-DVAROPT_BUILD_BENCH=OFF", "-DVAROPT_BUILD_EXAMPLES=OFF",
                            "-DVAROPT_WITH_TORCH=OFF", f"-DPython_EXECUTABLE={sys.executable}"],
                           check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 1))
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "varopt_python_core",
                        "-j", jobs], check=True)
        suffix = Path(self.get_ext_filename(ext.name)).name.split(".", 1)[1]
        built = build_dir / "python" / "varopt" / f"_core.{suffix}"
        if not built.exists():
            raise RuntimeError(f"expected {built} (was the build folder configured for another "
                               f"Python than {sys.executable}?)")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(ext_modules=[CMakeExtension("varopt._core")], cmdclass={"build_ext": CMakeBuild})
