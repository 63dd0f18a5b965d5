namespace ChatHub.Resp.Tests.Protocol;

/// <summary>The table of valid raw RESP2/RESP3 frames and the values they mean.</summary>
public static class RespFrames
{
    public static TheoryData<string, RespValue> Valid => new()
    {
        // RESP2
        { "+OK\r\n", RespValue.SimpleString("OK") },
        { "+\r\n", RespValue.SimpleString("") },
        { "-ERR unknown command 'FOO'\r\n", RespValue.Error("ERR unknown command 'FOO'") },
        { "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", RespValue.Error("WRONGTYPE Operation against a key holding the wrong kind of value") },
        { ":0\r\n", RespValue.Integer(0) },
        { ":-42\r\n", RespValue.Integer(-42) },
        { ":+7\r\n", RespValue.Integer(7) },
        { ":9223372036854775807\r\n", RespValue.Integer(long.MaxValue) },
        { ":-9223372036854775808\r\n", RespValue.Integer(long.MinValue) },
        { "$5\r\nhello\r\n", RespValue.BulkString("hello") },
        { "$0\r\n\r\n", RespValue.BulkString("") },
        { "$4\r\na\r\nb\r\n", RespValue.BulkString("a\r\nb") },
        { "$2\r\n\u00e9\r\n", RespValue.BulkString("\u00e9") },
        { "$-1\r\n", RespValue.Null },
        { "*0\r\n", RespValue.Array() },
        { "*-1\r\n", RespValue.Null },
        { "*3\r\n$3\r\nfoo\r\n:1\r\n$-1\r\n", RespValue.Array(RespValue.BulkString("foo"), RespValue.Integer(1), RespValue.Null) },
        { "*2\r\n*1\r\n+x\r\n*0\r\n", RespValue.Array(RespValue.Array(RespValue.SimpleString("x")), RespValue.Array()) },
        { "*2\r\n-ERR a\r\n+OK\r\n", RespValue.Array(RespValue.Error("ERR a"), RespValue.SimpleString("OK")) },

        // RESP3 scalars
        { "_\r\n", RespValue.Null },
        { "#t\r\n", RespValue.Boolean(true) },
        { "#f\r\n", RespValue.Boolean(false) },
        { ",3.14\r\n", RespValue.Double(3.14) },
        { ",10\r\n", RespValue.Double(10) },
        { ",-0.5\r\n", RespValue.Double(-0.5) },
        { ",1.5e10\r\n", RespValue.Double(1.5e10) },
        { ",inf\r\n", RespValue.Double(double.PositiveInfinity) },
        { ",-inf\r\n", RespValue.Double(double.NegativeInfinity) },
        { ",nan\r\n", RespValue.Double(double.NaN) },
        { "(3492890328409238509324850943850943825024385\r\n", RespValue.BigNumber("3492890328409238509324850943850943825024385") },
        { "(-12\r\n", RespValue.BigNumber("-12") },
        { "!21\r\nSYNTAX invalid syntax\r\n", RespValue.BulkError("SYNTAX invalid syntax") },
        { "=15\r\ntxt:Some string\r\n", RespValue.Verbatim("txt", "Some string") },
        { "=4\r\nmkd:\r\n", RespValue.Verbatim("mkd", "") },

        // RESP3 aggregates
        { "%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n", RespValue.Map(RespValue.SimpleString("first"), RespValue.Integer(1), RespValue.SimpleString("second"), RespValue.Integer(2)) },
        { "%0\r\n", RespValue.Map() },
        { "~3\r\n+a\r\n+b\r\n:1\r\n", RespValue.Set(RespValue.SimpleString("a"), RespValue.SimpleString("b"), RespValue.Integer(1)) },
        { "~0\r\n", RespValue.Set() },
        { ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n", RespValue.Push(RespValue.BulkString("message"), RespValue.BulkString("ch"), RespValue.BulkString("hi")) },
        { "%1\r\n$1\r\nk\r\n*2\r\n~1\r\n#t\r\n%1\r\n_\r\n,1.5\r\n", RespValue.Map(RespValue.BulkString("k"), RespValue.Array(RespValue.Set(RespValue.Boolean(true)), RespValue.Map(RespValue.Null, RespValue.Double(1.5)))) },

        // Attributes annotate the next value and are dropped.
        { "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n", RespValue.Array(RespValue.Integer(2039123), RespValue.Integer(9543892)) },
        { "*2\r\n|1\r\n+ttl\r\n:3600\r\n+a\r\n+b\r\n", RespValue.Array(RespValue.SimpleString("a"), RespValue.SimpleString("b")) },
        { "|0\r\n+OK\r\n", RespValue.SimpleString("OK") },
        { "|1\r\n+x\r\n+y\r\n|1\r\n+z\r\n+w\r\n:5\r\n", RespValue.Integer(5) },
        { "|1\r\n+x\r\n|1\r\n+y\r\n+z\r\n:5\r\n:6\r\n", RespValue.Integer(6) },
    };
}
