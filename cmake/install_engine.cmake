# Installs the embeddable engine library (README, "Embedding the engine"):
# the public headers in include/offergraph/ and the generated API messages,
# the static libraries behind them, and a CMake package, so that
#   find_package(offergraph) + target_link_libraries(app offergraph::engine)
# works from an install prefix. Component offergraph_engine:
#   cmake --install build --component offergraph_engine --prefix /opt/og
# Only include/ is installed: the private headers in src/ stay private.
include(CMakePackageConfigHelpers)

set(_engine_targets
  offergraph_api offergraph_api_proto offergraph_util offergraph_data offergraph_snapshot
  offergraph_learn offergraph_contact_rules offergraph_engine)
foreach(_t ${_engine_targets})
  string(REGEX REPLACE "^offergraph_" "" _name ${_t})
  set_target_properties(${_t} PROPERTIES EXPORT_NAME ${_name})
endforeach()

install(TARGETS ${_engine_targets} EXPORT offergraphTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT offergraph_engine
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT offergraph_engine)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT offergraph_engine
        FILES_MATCHING PATTERN "*.h")

set(_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/offergraph)
install(EXPORT offergraphTargets NAMESPACE offergraph::
        DESTINATION ${_cmake_dir} COMPONENT offergraph_engine)
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/offergraphConfig.cmake.in
  ${PROJECT_BINARY_DIR}/offergraphConfig.cmake
  INSTALL_DESTINATION ${_cmake_dir})
# 0.x: a minor version may change the API.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/offergraphConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/offergraphConfig.cmake
              ${PROJECT_BINARY_DIR}/offergraphConfigVersion.cmake
        DESTINATION ${_cmake_dir} COMPONENT offergraph_engine)
