# strip.awk: blank out C comments and the contents of string and character
# literals, keeping every line (so line numbers stay right).  POSIX awk
# (works with mawk).  Used by the meta tests.
{
  line = $0
  out = ""
  n = length(line)
  i = 1
  while (i <= n) {
    c = substr(line, i, 1)
    c2 = substr(line, i, 2)
    if (in_comment) {
      if (c2 == "*/") {
        in_comment = 0
        out = out "  "
        i += 2
      } else {
        out = out " "
        i++
      }
      continue
    }
    if (c2 == "/*") {
      in_comment = 1
      out = out "  "
      i += 2
      continue
    }
    if (c2 == "//") {
      break
    }
    if (c == "\"" || c == "'") {
      q = c
      out = out q
      i++
      while (i <= n) {
        c = substr(line, i, 1)
        if (c == "\\") {
          out = out "  "
          i += 2
          continue
        }
        if (c == q) {
          break
        }
        out = out " "
        i++
      }
      if (i <= n) {
        out = out q
        i++
      }
      continue
    }
    out = out c
    i++
  }
  print out
}
