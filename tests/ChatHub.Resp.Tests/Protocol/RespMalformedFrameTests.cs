using System.Text;
using ChatHub.Resp.Protocol;

namespace ChatHub.Resp.Tests.Protocol;

public sealed class RespMalformedFrameTests
{
    private static readonly RespReaderOptions SmallCaps = new()
    {
        MaxBulkLength = 16,
        MaxAggregateLength = 4,
        MaxDepth = 3,
        MaxLineLength = 32,
    };

    [Theory]
    [InlineData("?foo\r\n", "bad type prefix")]
    [InlineData("x\r\n", "bad type prefix")]
    [InlineData("*1\r\n?\r\n", "bad type prefix inside an array")]
    [InlineData("$abc\r\n", "non-numeric length")]
    [InlineData("$\r\n", "empty length")]
    [InlineData("$ 5\r\n", "length with a space")]
    [InlineData("$+5\r\n", "length with a sign")]
    [InlineData("$-2\r\n", "negative bulk length other than -1")]
    [InlineData("$-01\r\n", "negative bulk length spelled oddly")]
    [InlineData("*-5\r\n", "negative array length other than -1")]
    [InlineData("%-1\r\n", "null map")]
    [InlineData("~-1\r\n", "null set")]
    [InlineData(">-1\r\n", "null push")]
    [InlineData("!-1\r\n", "null bulk error")]
    [InlineData("=-1\r\n", "null verbatim string")]
    [InlineData("|-1\r\n", "null attribute")]
    [InlineData("$99999999999999999999\r\n", "length overflow")]
    [InlineData("+OK\n", "bare LF")]
    [InlineData("+OK\rX\r\n", "CR without LF")]
    [InlineData("$3\r\nfooXY", "bulk payload without CRLF")]
    [InlineData("$3\r\nfoo\n\r", "bulk payload with LF CR")]
    [InlineData(":12a\r\n", "non-numeric integer")]
    [InlineData(":\r\n", "empty integer")]
    [InlineData(":-\r\n", "sign only")]
    [InlineData(":1.5\r\n", "fraction as integer")]
    [InlineData(":9223372036854775808\r\n", "integer overflow")]
    [InlineData(":-9223372036854775809\r\n", "integer underflow")]
    [InlineData("#x\r\n", "bad boolean")]
    [InlineData("#tt\r\n", "long boolean")]
    [InlineData("#\r\n", "empty boolean")]
    [InlineData(",abc\r\n", "bad double")]
    [InlineData(",Infinity\r\n", ".NET spelling of infinity")]
    [InlineData(",\r\n", "empty double")]
    [InlineData(",1 000\r\n", "double with space")]
    [InlineData("(12a\r\n", "bad big number")]
    [InlineData("(\r\n", "empty big number")]
    [InlineData("_x\r\n", "null with payload")]
    [InlineData("=3\r\nabc\r\n", "verbatim string without format")]
    [InlineData("=5\r\nabcde\r\n", "verbatim string without colon")]
    [InlineData("$?\r\n", "streamed string (unsupported)")]
    public void Scan_MalformedFrame_ThrowsRespProtocolException(string raw, string why)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);

        var exception = Assert.Throws<RespProtocolException>(() => new RespFrameScanner().Scan(bytes, out _));

        Assert.False(string.IsNullOrEmpty(exception.Message), why);
    }

    [Theory]
    [InlineData("$17\r\n", "bulk string over the cap, rejected before its payload arrives")]
    [InlineData("!17\r\n", "bulk error over the cap")]
    [InlineData("=17\r\n", "verbatim string over the cap")]
    [InlineData("*5\r\n", "array over the cap")]
    [InlineData("~5\r\n", "set over the cap")]
    [InlineData(">5\r\n", "push over the cap")]
    [InlineData("%5\r\n", "map over the cap")]
    [InlineData("|5\r\n", "attribute over the cap")]
    [InlineData("*1\r\n*1\r\n*1\r\n*1\r\n", "nesting deeper than the cap, rejected before the leaf arrives")]
    [InlineData("*1\r\n%1\r\n~1\r\n>1\r\n:1\r\n", "mixed nesting deeper than the cap")]
    [InlineData("+aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "line over the cap, rejected before its CRLF arrives")]
    [InlineData("-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", "error line over the cap")]
    public void Scan_OverConfiguredCap_ThrowsRespProtocolException(string raw, string why)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);

        var exception = Assert.Throws<RespProtocolException>(() => new RespFrameScanner(SmallCaps).Scan(bytes, out _));

        Assert.False(string.IsNullOrEmpty(exception.Message), why);
    }

    [Theory]
    [InlineData("$16\r\naaaaaaaaaaaaaaaa\r\n")]
    [InlineData("*4\r\n:1\r\n:2\r\n:3\r\n:4\r\n")]
    [InlineData("%4\r\n:1\r\n:2\r\n:3\r\n:4\r\n:5\r\n:6\r\n:7\r\n:8\r\n")]
    [InlineData("*1\r\n*1\r\n*1\r\n:1\r\n")]
    [InlineData("+aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n")]
    public void Scan_AtConfiguredCap_ReturnsDone(string raw)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);

        var status = new RespFrameScanner(SmallCaps).Scan(bytes, out var length);

        Assert.Equal(RespScanStatus.Done, status);
        Assert.Equal(bytes.Length, length);
    }

    [Fact]
    public void Constructor_NonPositiveCap_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RespFrameScanner(new RespReaderOptions { MaxDepth = 0 }));
}
