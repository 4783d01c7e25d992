# Configures, builds and runs a consumer project; any failing step fails the test.
file(REMOVE_RECURSE ${BINARY})
set(build_type_flags)
if(BUILD_TYPE)
  string(TOUPPER "${BUILD_TYPE}" build_type_upper)
  set(build_type_flags "-DCMAKE_CXX_FLAGS_${build_type_upper}=${CXX_FLAGS_BUILD_TYPE}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${BINARY} -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=${BUILD_TYPE} -DCMAKE_PREFIX_PATH=${PREFIX} -DCXSCORE_SOURCE=${CXSCORE_SOURCE}
    "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" ${build_type_flags} "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}"
  RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configuring ${SOURCE} failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY} RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building ${SOURCE} failed: ${rc}")
endif()
execute_process(COMMAND ${BINARY}/consumer RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message(STATUS "${out}")
if(rc)
  message(FATAL_ERROR "running the consumer failed: ${rc}")
endif()
