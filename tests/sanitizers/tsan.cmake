# Included at the end of project() by the tsan preset (CMAKE_PROJECT_INCLUDE): what the
# ThreadSanitizer test runs preload. Not instrumented itself. See tsan-preload.cpp.
add_library(pipescope_tsan_preload SHARED ${CMAKE_CURRENT_LIST_DIR}/tsan-preload.cpp)
target_compile_options(pipescope_tsan_preload PRIVATE -fno-sanitize=thread)
target_link_options(pipescope_tsan_preload PRIVATE -fno-sanitize=thread)
target_link_libraries(pipescope_tsan_preload PRIVATE ${CMAKE_DL_LIBS})
