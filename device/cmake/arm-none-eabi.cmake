# CMake toolchain file: bare-metal Arm Cortex-M3 (Thumb-2) with arm-none-eabi-gcc and newlib-nano.
#
#   cmake -S <project> -B <build> -DCMAKE_TOOLCHAIN_FILE=<repo>/device/cmake/arm-none-eabi.cmake
#
# Debian: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi
#
# What every object and every link gets from here:
#   -mcpu=cortex-m3 -mthumb        the only instruction set an M3 has
#   --specs=nano.specs             newlib-nano: small printf/malloc. It is given to the compiler
#                                  too, because the specs put newlib-nano's own <newlib.h> on the
#                                  include path; headers and library must agree.
#   -ffunction-sections -fdata-sections / -Wl,--gc-sections
#                                  drop whatever the firmware does not call
#   -g                             DWARF (GCC 12 writes version 5) so the host can symbolize the
#                                  addresses a device reports; it costs nothing on the target,
#                                  debug sections are never loaded
#   -Wl,--build-id                 a GNU build ID note (SHA-1), which the firmware reads back and
#                                  reports so the host can match a trace to the exact ELF
#   -nostartfiles                  the port brings its own vector table and reset handler
#                                  (device/ports/cortex-m); newlib's crt0 is not a Cortex-M start-up
#
# Optimisation is left to CMAKE_BUILD_TYPE. The linker script is not set here: it belongs to the
# board port (device/ports/cortex-m/cortex-m.cmake), so this file stays usable for other M3 boards.
#
# HL_ARM_TOOLCHAIN_PREFIX may name another toolchain, e.g. -DHL_ARM_TOOLCHAIN_PREFIX=/opt/gcc-arm/bin/arm-none-eabi-

set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(HL_ARM_TOOLCHAIN_PREFIX "arm-none-eabi-" CACHE STRING "Prefix of the cross tools (may include a directory)")
# try_compile runs in its own project and must see the same prefix.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES HL_ARM_TOOLCHAIN_PREFIX)

set(CMAKE_C_COMPILER "${HL_ARM_TOOLCHAIN_PREFIX}gcc")
set(CMAKE_CXX_COMPILER "${HL_ARM_TOOLCHAIN_PREFIX}g++")
set(CMAKE_ASM_COMPILER "${HL_ARM_TOOLCHAIN_PREFIX}gcc")

# CMake's compiler check links a test program; without the port's start-up code and linker script
# that cannot work, so checks build a static library instead.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(HL_ARM_CPU_FLAGS "-mcpu=cortex-m3 -mthumb -mfloat-abi=soft")
set(HL_ARM_COMMON_FLAGS "${HL_ARM_CPU_FLAGS} --specs=nano.specs -ffunction-sections -fdata-sections -g")

set(CMAKE_C_FLAGS_INIT "${HL_ARM_COMMON_FLAGS}")
set(CMAKE_CXX_FLAGS_INIT "${HL_ARM_COMMON_FLAGS} -fno-exceptions -fno-rtti")
set(CMAKE_ASM_FLAGS_INIT "${HL_ARM_CPU_FLAGS} -g")
# No --specs here: CMake links through the compiler driver with the language flags above, which
# carry it already, and gcc refuses the same specs file twice.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostartfiles -Wl,--gc-sections -Wl,--build-id")

# Find the target's headers and libraries only in the toolchain's sysroot, the host's programs
# (python, the QEMU runner) on the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
