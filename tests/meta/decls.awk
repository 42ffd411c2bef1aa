# decls.awk: list what C headers declare at file scope.  Input: headers
# already passed through strip.awk (no comments, no string contents), with
# -v FILE=<name> for messages.  Output, one per line, tab-separated:
#   kind  name  file:line  api
# kind is macro, func, var, typedef, tag (struct/union/enum tag) or
# enumval; api is 1 when the declaration carries POVREG_API.  A small
# tokenizer, not a C parser: it knows enough for plain API headers
# (prototypes, typedefs incl. function pointers, enums, structs, macros).
# POSIX awk (works with mawk).

function emit(kind, name, ln, api) {
  printf "%s\t%s\t%s:%d\t%d\n", kind, name, FILE, ln, api
}

function is_ident(t) {
  return t ~ /^[A-Za-z_][A-Za-z0-9_]*$/
}

function is_keyword(t) {
  return t ~ /^(auto|break|case|char|const|continue|default|do|double|else|enum|extern|float|for|goto|if|inline|int|long|register|restrict|return|short|signed|sizeof|static|struct|switch|typedef|union|unsigned|void|volatile|while|_Bool|_Complex|_Noreturn|_Static_assert|_Alignas|_Atomic|_Thread_local)$/
}

# Handle one complete file-scope statement held in st[1..ns].
function statement(   i, is_td, api, fp, name, first_paren, prev, nxt) {
  is_td = 0
  api = 0
  for (i = 1; i <= ns; i++) {
    if (st[i] == "typedef") {
      is_td = 1
    }
    if (st[i] == "POVREG_API") {
      api = 1
    }
  }
  # struct/union/enum tags declared at file scope.
  for (i = 1; i < ns; i++) {
    if (sp[i] == 0 && st[i] ~ /^(struct|union|enum)$/ && is_ident(st[i + 1])) {
      if (st[i + 2] == "{" || is_td || (i == 1 && i + 2 > ns)) {
        emit("tag", st[i + 1], sl[i + 1], api)
      }
    }
  }
  # A function-pointer declarator: ( * name )
  fp = 0
  for (i = 1; i + 3 <= ns; i++) {
    if (st[i] == "(" && st[i + 1] == "*" && is_ident(st[i + 2]) &&
        st[i + 3] == ")" && sp[i] == 0) {
      emit(is_td ? "typedef" : "var", st[i + 2], sl[i + 2], api)
      fp = 1
      break
    }
  }
  if (fp) {
    return
  }
  if (is_td) {
    for (i = 1; i <= ns; i++) {
      nxt = (i < ns) ? st[i + 1] : ";"
      if (sp[i] == 0 && is_ident(st[i]) && !is_keyword(st[i]) &&
          nxt ~ /^(,|;|\[)$/ && st[i - 1] !~ /^(struct|union|enum)$/) {
        emit("typedef", st[i], sl[i], api)
      }
    }
    return
  }
  first_paren = 0
  for (i = 1; i <= ns; i++) {
    if (st[i] == "(" && sp[i] == 0) {
      prev = st[i - 1]
      if (is_ident(prev) && prev !~ /^__(attribute|declspec)__$/ &&
          !is_keyword(prev)) {
        emit("func", prev, sl[i - 1], api)
        return
      }
      first_paren = 1
      break
    }
  }
  if (first_paren) {
    return
  }
  for (i = 1; i <= ns; i++) {
    nxt = (i < ns) ? st[i + 1] : ";"
    if (sp[i] == 0 && is_ident(st[i]) && !is_keyword(st[i]) &&
        nxt ~ /^(,|;|\[|=)$/ && st[i - 1] !~ /^(struct|union|enum)$/) {
      emit("var", st[i], sl[i], api)
    }
  }
}

function token(t, ln) {
  if (bd == 0) {
    if (t == ";" && pd == 0) {
      statement()
      ns = 0
      return
    }
    ns++
    st[ns] = t
    sl[ns] = ln
    sp[ns] = pd
  }
  if (t == "(") {
    pd++
  } else if (t == ")") {
    pd--
  } else if (t == "{") {
    if (bd == 0 && (st[ns - 1] == "enum" || st[ns - 2] == "enum")) {
      enum_bd = 1
      want_enum = 1
    }
    bd++
  } else if (t == "}") {
    bd--
    if (bd < enum_bd) {
      enum_bd = 0
    }
    if (bd == 0) {
      ns++
      st[ns] = t
      sl[ns] = ln
      sp[ns] = pd
    }
  } else if (enum_bd && bd == enum_bd && pd == 0) {
    if (t == ",") {
      want_enum = 1
    } else if (want_enum && is_ident(t)) {
      emit("enumval", t, ln, 0)
      want_enum = 0
    }
  }
}

BEGIN {
  bd = 0
  pd = 0
  ns = 0
  enum_bd = 0
  in_directive = 0
}

{
  line = $0
  if (in_directive) {
    in_directive = (line ~ /\\$/)
    next
  }
  if (line ~ /^[ \t]*#/) {
    if (match(line, /^[ \t]*#[ \t]*define[ \t]+[A-Za-z_][A-Za-z0-9_]*/)) {
      name = substr(line, 1, RLENGTH)
      sub(/^[ \t]*#[ \t]*define[ \t]+/, "", name)
      emit("macro", name, FNR, 0)
    }
    in_directive = (line ~ /\\$/)
    next
  }
  while (length(line) > 0) {
    if (match(line, /^[ \t]+/)) {
      line = substr(line, RLENGTH + 1)
      continue
    }
    if (match(line, /^[A-Za-z_][A-Za-z0-9_]*/) ||
        match(line, /^[0-9][A-Za-z0-9_.]*/) ||
        match(line, /^\.\.\./)) {
      t = substr(line, 1, RLENGTH)
      line = substr(line, RLENGTH + 1)
    } else {
      t = substr(line, 1, 1)
      line = substr(line, 2)
    }
    token(t, FNR)
  }
}
