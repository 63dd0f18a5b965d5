using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage(
    "Naming",
    "CA1720:Identifier contains type name",
    Justification = "Integer and Double are RESP's own names for its types (RespType.Integer, RespValue.Double).",
    Scope = "namespaceanddescendants",
    Target = "~N:ChatHub.Resp")]
