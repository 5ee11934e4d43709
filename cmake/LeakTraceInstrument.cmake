# In-tree helpers: compile a target with the plugin built here.
# (Consumers use find_package(leaktrace) and leaktrace::instrument instead.)

# Instruments the sources of TARGET; executables also get the runtime.
function(leaktrace_instrument target)
  cmake_parse_arguments(ARG "NO_RUNTIME" "" "PLUGIN_ARGS" ${ARGN})
  target_compile_options(${target} PRIVATE
    -fplugin=$<TARGET_FILE:leaktrace_plugin>)
  foreach(arg IN LISTS ARG_PLUGIN_ARGS)
    target_compile_options(${target} PRIVATE -fplugin-arg-leaktrace-${arg})
  endforeach()
  # Recompile when the plugin changes: it decides what the objects contain.
  # (OBJECT_DEPENDS takes no generator expressions: the paths are spelled out
  # as plugin/CMakeLists.txt lays them down.)
  get_target_property(srcs ${target} SOURCES)
  get_target_property(srcdir ${target} SOURCE_DIR)
  foreach(src IN LISTS srcs)
    if(NOT IS_ABSOLUTE "${src}")
      set(src "${srcdir}/${src}")
    endif()
    set_property(SOURCE ${src} DIRECTORY ${srcdir} APPEND PROPERTY OBJECT_DEPENDS
      ${PROJECT_BINARY_DIR}/lib/leaktrace.so
      ${PROJECT_BINARY_DIR}/lib/leaktrace-clang${LLVM_VERSION_MAJOR}.so)
  endforeach()
  add_dependencies(${target} leaktrace_plugin)
  if(NOT ARG_NO_RUNTIME)
    target_link_libraries(${target} PRIVATE leaktrace_rt
      -Wl,--dynamic-list=${PROJECT_BINARY_DIR}/lib/leaktrace.dynlist)
  endif()
endfunction()
