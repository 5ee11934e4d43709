# find_package(leaktrace CONFIG) support, from the build tree
# (-Dleaktrace_DIR=<checkout>/build) and from an installation.
include(CMakePackageConfigHelpers)

write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/leaktraceConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)

# Build tree: paths point into build/, the runner's sources into the checkout.
set(LEAKTRACE_CONFIG_PREFIX_EXPR "${PROJECT_BINARY_DIR}")
set(LEAKTRACE_CONFIG_RUNNER_DIR_EXPR "${PROJECT_SOURCE_DIR}/runner")
configure_file(${CMAKE_CURRENT_LIST_DIR}/leaktraceRunners.cmake
  ${PROJECT_BINARY_DIR}/leaktraceRunners.cmake COPYONLY)
configure_file(${CMAKE_CURRENT_LIST_DIR}/leaktraceProject.cmake
  ${PROJECT_BINARY_DIR}/leaktraceProject.cmake COPYONLY)
configure_file(${CMAKE_CURRENT_LIST_DIR}/leaktraceConfig.cmake.in
  ${PROJECT_BINARY_DIR}/leaktraceConfig.cmake @ONLY)

# Installation: paths are computed from where the config file is found.
set(LEAKTRACE_CONFIG_PREFIX_EXPR "\${CMAKE_CURRENT_LIST_DIR}/../../..")
set(LEAKTRACE_CONFIG_RUNNER_DIR_EXPR
  "\${_leaktrace_prefix}/${CMAKE_INSTALL_DATADIR}/leaktrace/runner")
configure_file(${CMAKE_CURRENT_LIST_DIR}/leaktraceConfig.cmake.in
  ${PROJECT_BINARY_DIR}/install-config/leaktraceConfig.cmake @ONLY)
install(FILES
  ${PROJECT_BINARY_DIR}/install-config/leaktraceConfig.cmake
  ${CMAKE_CURRENT_LIST_DIR}/leaktraceRunners.cmake
  ${CMAKE_CURRENT_LIST_DIR}/leaktraceProject.cmake
  ${PROJECT_BINARY_DIR}/leaktraceConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/leaktrace)
