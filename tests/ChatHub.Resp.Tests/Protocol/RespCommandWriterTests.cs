using System.Text;
using ChatHub.Resp.Protocol;

namespace ChatHub.Resp.Tests.Protocol;

public sealed class RespCommandWriterTests
{
    [Fact]
    public void Encode_NoArguments_WritesArrayOfOneBulkString() =>
        Assert.Equal("*1\r\n$4\r\nPING\r\n", Text(RespCommandWriter.Encode("PING")));

    [Fact]
    public void Encode_StringArguments_WritesBulkStrings() =>
        Assert.Equal("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", Text(RespCommandWriter.Encode("SET", "key", "value")));

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-42L, "-42")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    public void Encode_IntegerArgument_WritesDecimalBulkString(long value, string digits) =>
        Assert.Equal($"*2\r\n$6\r\nINCRBY\r\n${digits.Length}\r\n{digits}\r\n", Text(RespCommandWriter.Encode("INCRBY", value)));

    [Fact]
    public void Encode_BinaryArgumentWithCrlf_WritesItVerbatim()
    {
        byte[] payload = [0, 13, 10, 255];

        var bytes = RespCommandWriter.Encode("SET", "k", payload);

        Assert.Equal([.. "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\n"u8, 0, 13, 10, 255, .. "\r\n"u8], bytes);
    }

    [Fact]
    public void Encode_ReadOnlyMemoryArgument_WritesItsBytes() =>
        Assert.Equal("*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n", Text(RespCommandWriter.Encode("ECHO", new ReadOnlyMemory<byte>("hi"u8.ToArray()))));

    [Fact]
    public void Encode_EmptyAndUnicodeArguments_CountsUtf8Bytes() =>
        Assert.Equal("*3\r\n$4\r\nECHO\r\n$0\r\n\r\n$2\r\n\u00e9\r\n", Text(RespCommandWriter.Encode("ECHO", "", "\u00e9")));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("GET X")]
    [InlineData("GET\r\n")]
    public void Encode_InvalidCommandName_ThrowsArgumentException(string command) =>
        Assert.ThrowsAny<ArgumentException>(() => RespCommandWriter.Encode(command));

    [Fact]
    public void FromString_Null_ThrowsArgumentNullException() =>
        Assert.Throws<ArgumentNullException>(() => RespArg.FromString(null!));

    [Fact]
    public void ToString_BytesArgument_ShowsLengthOnly() =>
        Assert.Equal("<3 bytes>", RespArg.FromBytes("abc"u8.ToArray()).ToString());

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
