# cmake -P script behind the embed_example_builds_against_installed_headers
# test (tests/embed/CMakeLists.txt). Fails on the first step that fails,
# with that step's output.
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})

run("install" ${CMAKE_COMMAND} --install ${BUILD_DIR}
    --component offergraph_engine --prefix ${prefix})

# No installed header needs one that was not installed: one translation
# unit includes them all, against the prefix and the system's headers only.
file(GLOB_RECURSE installed RELATIVE ${prefix}/include ${prefix}/include/*.h)
if(NOT installed)
  message(FATAL_ERROR "no headers installed under ${prefix}/include")
endif()
set(all_headers "")
foreach(header ${installed})
  string(APPEND all_headers "#include \"${header}\"\n")
endforeach()
file(WRITE ${WORK_DIR}/all_headers.cc "${all_headers}")
run("compile every installed header" ${CXX_COMPILER} -std=c++17 -fsyntax-only
    -I${prefix}/include ${WORK_DIR}/all_headers.cc)

run("configure the example" ${CMAKE_COMMAND} -S ${EXAMPLE_DIR} -B ${WORK_DIR}/build
    -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)
run("build the example" ${CMAKE_COMMAND} --build ${WORK_DIR}/build)

# The compile line reaches no header of the source or build tree.
file(READ ${WORK_DIR}/build/compile_commands.json commands)
get_filename_component(source_root ${EXAMPLE_DIR}/../.. ABSOLUTE)
foreach(private ${source_root}/src ${source_root}/include ${BUILD_DIR}/proto)
  string(FIND "${commands}" "${private}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "the example's compile line names ${private}:\n${commands}")
  endif()
endforeach()

run("run the example" ${WORK_DIR}/build/embed_example ${DEMO_DIR} LAPTOP-14)
message(STATUS "${run_output}")
foreach(expected "no history:\n  1\\. UPSELL LAPTOP-14-PRO "
                 "LAPTOP-14-PRO declined a minute ago:\n"
                 "suppressed LAPTOP-14-PRO RECENTLY_DECLINED")
  if(NOT run_output MATCHES "${expected}")
    message(FATAL_ERROR "expected \"${expected}\" in the example's output")
  endif()
endforeach()
