# The MPS2 AN385 (Cortex-M3) board port, for any CMake project configured with
# device/cmake/arm-none-eabi.cmake as its toolchain file:
#
#   include(<repo>/device/ports/cortex-m/cortex-m.cmake)
#   add_executable(gateway main.c modem.c)
#   target_link_libraries(gateway PRIVATE heapledger)
#   hl_cortex_m_firmware(gateway HEAP_SIZE 32768)
#
# It defines
#   heapledger_port_cortex_m   object library: start-up, UART0, SysTick, newlib system calls, build
#                              ID and heap figures; its include directory holds hl_port_cortex_m.h
#   hl_cortex_m_firmware(TARGET [HEAP_SIZE bytes] [STACK_SIZE bytes])
#                              turns an executable into firmware for the board: links the port and
#                              the linker script, names it TARGET.elf, writes TARGET.map beside it,
#                              prints its size, and adds a target run-TARGET that runs it in QEMU
#   HL_CORTEX_M_LINKER_SCRIPT  the linker script (cache variable, may point at another one)
#   HL_CORTEX_M_RUN_QEMU       the run-qemu.sh script

include_guard(GLOBAL)

if(NOT CMAKE_C_COMPILER_ID STREQUAL "GNU" OR NOT CMAKE_SYSTEM_PROCESSOR STREQUAL "arm")
    message(FATAL_ERROR
        "The cortex-m port needs the arm-none-eabi toolchain: configure with "
        "-DCMAKE_TOOLCHAIN_FILE=<repo>/device/cmake/arm-none-eabi.cmake "
        "(compiler is ${CMAKE_C_COMPILER_ID}, processor '${CMAKE_SYSTEM_PROCESSOR}')")
endif()

set(HL_CORTEX_M_DIR "${CMAKE_CURRENT_LIST_DIR}")
set(HL_CORTEX_M_LINKER_SCRIPT "${HL_CORTEX_M_DIR}/mps2-an385.ld" CACHE FILEPATH
    "Linker script for firmware built with hl_cortex_m_firmware()")
set(HL_CORTEX_M_RUN_QEMU "${HL_CORTEX_M_DIR}/run-qemu.sh")

find_program(HL_ARM_SIZE NAMES "${HL_ARM_TOOLCHAIN_PREFIX}size" arm-none-eabi-size)

add_library(heapledger_port_cortex_m OBJECT
    "${HL_CORTEX_M_DIR}/src/build_id.c"
    "${HL_CORTEX_M_DIR}/src/heap_stats.c"
    "${HL_CORTEX_M_DIR}/src/startup.c"
    "${HL_CORTEX_M_DIR}/src/syscalls.c"
    "${HL_CORTEX_M_DIR}/src/tick.c"
    "${HL_CORTEX_M_DIR}/src/uart.c")
target_include_directories(heapledger_port_cortex_m PUBLIC "${HL_CORTEX_M_DIR}/include")
target_compile_features(heapledger_port_cortex_m PUBLIC c_std_11)
target_compile_options(heapledger_port_cortex_m PRIVATE -Wall -Wextra -Werror)

function(hl_cortex_m_firmware target)
    cmake_parse_arguments(PARSE_ARGV 1 ARG "" "HEAP_SIZE;STACK_SIZE" "")
    if(ARG_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "hl_cortex_m_firmware(${target}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
    endif()

    target_link_libraries(${target} PRIVATE heapledger_port_cortex_m)
    target_link_options(${target} PRIVATE
        "-T${HL_CORTEX_M_LINKER_SCRIPT}"
        "-Wl,-Map=$<TARGET_FILE_DIR:${target}>/${target}.map")
    if(ARG_HEAP_SIZE)
        target_link_options(${target} PRIVATE "-Wl,--defsym=HL_HEAP_SIZE=${ARG_HEAP_SIZE}")
    endif()
    if(ARG_STACK_SIZE)
        target_link_options(${target} PRIVATE "-Wl,--defsym=HL_STACK_SIZE=${ARG_STACK_SIZE}")
    endif()
    set_target_properties(${target} PROPERTIES
        SUFFIX ".elf"
        LINK_DEPENDS "${HL_CORTEX_M_LINKER_SCRIPT}")

    if(HL_ARM_SIZE)
        add_custom_command(TARGET ${target} POST_BUILD
            COMMAND "${HL_ARM_SIZE}" "$<TARGET_FILE:${target}>"
            VERBATIM)
    endif()
    add_custom_target(run-${target}
        COMMAND "${HL_CORTEX_M_RUN_QEMU}" "$<TARGET_FILE:${target}>"
        DEPENDS ${target}
        USES_TERMINAL
        VERBATIM)
endfunction()
