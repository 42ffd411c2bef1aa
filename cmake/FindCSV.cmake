# FindCSV.cmake: find libcsv (Robert Gamble's CSV parser; Debian libcsv-dev),
# which ships neither a pkg-config file nor a CMake package.
#
# Result:
#   CSV_FOUND, CSV_VERSION, CSV_INCLUDE_DIRS, CSV_LIBRARIES
#   IMPORTED target csv::csv
# Hints: CSV_ROOT (CMake >= 3.12), CSV_INCLUDE_DIR, CSV_LIBRARY (cache).
#
# Installed next to povregConfig.cmake, so that a consumer of the static
# povreg library can resolve its private csv::csv dependency.

find_path(CSV_INCLUDE_DIR NAMES csv.h
  DOC "Directory holding libcsv's csv.h")
find_library(CSV_LIBRARY NAMES csv libcsv
  DOC "The libcsv library")

# csv.h is a generic name: accept it only if it is libcsv's.
if(CSV_INCLUDE_DIR AND EXISTS "${CSV_INCLUDE_DIR}/csv.h")
  file(STRINGS "${CSV_INCLUDE_DIR}/csv.h" _csv_version_lines
       REGEX "^#define CSV_(MAJOR|MINOR|RELEASE)[ \t]+[0-9]+")
  set(_csv_parts "")
  foreach(_part MAJOR MINOR RELEASE)
    set(_csv_${_part} "")
    foreach(_line IN LISTS _csv_version_lines)
      if(_line MATCHES "^#define CSV_${_part}[ \t]+([0-9]+)")
        set(_csv_${_part} "${CMAKE_MATCH_1}")
      endif()
    endforeach()
  endforeach()
  if(NOT _csv_MAJOR STREQUAL "")
    set(CSV_VERSION "${_csv_MAJOR}.${_csv_MINOR}.${_csv_RELEASE}")
  endif()
  unset(_csv_version_lines)
  unset(_csv_parts)
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(CSV
  REQUIRED_VARS CSV_LIBRARY CSV_INCLUDE_DIR CSV_VERSION
  VERSION_VAR CSV_VERSION)

if(CSV_FOUND)
  set(CSV_INCLUDE_DIRS "${CSV_INCLUDE_DIR}")
  set(CSV_LIBRARIES "${CSV_LIBRARY}")
  if(NOT TARGET csv::csv)
    add_library(csv::csv UNKNOWN IMPORTED)
    set_target_properties(csv::csv PROPERTIES
      IMPORTED_LOCATION "${CSV_LIBRARY}"
      IMPORTED_LINK_INTERFACE_LANGUAGES "C"
      INTERFACE_INCLUDE_DIRECTORIES "${CSV_INCLUDE_DIR}")
  endif()
endif()

mark_as_advanced(CSV_INCLUDE_DIR CSV_LIBRARY)
