namespace ChatHub.Resp;

/// <summary>The kind of a RESP2/RESP3 value. Attributes (<c>|</c>) are skipped by the reader and have no kind.</summary>
public enum RespType
{
    /// <summary><c>+OK</c></summary>
    SimpleString,

    /// <summary><c>-ERR message</c></summary>
    Error,

    /// <summary><c>:42</c></summary>
    Integer,

    /// <summary><c>$3 foo</c></summary>
    BulkString,

    /// <summary><c>*2 ...</c></summary>
    Array,

    /// <summary>RESP3 <c>_</c>, and also RESP2's null bulk string (<c>$-1</c>) and null array (<c>*-1</c>).</summary>
    Null,

    /// <summary>RESP3 <c>#t</c> / <c>#f</c>.</summary>
    Boolean,

    /// <summary>RESP3 <c>,3.14</c>.</summary>
    Double,

    /// <summary>RESP3 <c>(12345678901234567890</c>, kept as text.</summary>
    BigNumber,

    /// <summary>RESP3 <c>!len</c>: an error with a binary-safe message.</summary>
    BulkError,

    /// <summary>RESP3 <c>=len</c>: <c>txt:</c> or <c>mkd:</c> followed by the text.</summary>
    VerbatimString,

    /// <summary>RESP3 <c>%n</c>: n key/value pairs, kept flat (key, value, key, value...).</summary>
    Map,

    /// <summary>RESP3 <c>~n</c>.</summary>
    Set,

    /// <summary>RESP3 <c>&gt;n</c>: out-of-band data (pub/sub messages, invalidations).</summary>
    Push,
}
