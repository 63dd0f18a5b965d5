using System.Numerics;

namespace ChatHub.Resp.Tests;

public sealed class RespValueTests
{
    [Fact]
    public void Equals_SameStructure_ReturnsTrue() =>
        Assert.Equal(
            RespValue.Array(RespValue.BulkString("a"), RespValue.Map(RespValue.Integer(1), RespValue.Null)),
            RespValue.Array(RespValue.BulkString("a"), RespValue.Map(RespValue.Integer(1), RespValue.Null)));

    [Fact]
    public void Equals_DifferentTypeSamePayload_ReturnsFalse() =>
        Assert.NotEqual(RespValue.SimpleString("OK"), RespValue.BulkString("OK"));

    [Fact]
    public void Equals_ArrayAndSetWithSameItems_ReturnsFalse() =>
        Assert.NotEqual(RespValue.Array(RespValue.Integer(1)), RespValue.Set(RespValue.Integer(1)));

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    public void AsInt64_BulkStringHoldingNumber_ReturnsNumber(string text, long expected) =>
        Assert.Equal(expected, RespValue.BulkString(text).AsInt64());

    [Fact]
    public void AsInt64_NotANumber_ThrowsInvalidOperationException() =>
        Assert.Throws<InvalidOperationException>(() => RespValue.BulkString("x").AsInt64());

    [Fact]
    public void AsString_Null_ReturnsNull() => Assert.Null(RespValue.Null.AsString());

    [Fact]
    public void AsString_Aggregate_ThrowsInvalidOperationException() =>
        Assert.Throws<InvalidOperationException>(() => RespValue.Array().AsString());

    [Fact]
    public void AsPairs_FlatArray_ReturnsPairs()
    {
        var pairs = RespValue.Array(RespValue.BulkString("a"), RespValue.BulkString("1"), RespValue.BulkString("b"), RespValue.BulkString("2"))
            .AsPairs().Select(p => (p.Key.AsString(), p.Value.AsString()));

        Assert.Equal([("a", "1"), ("b", "2")], pairs);
    }

    [Fact]
    public void AsPairs_OddArray_ThrowsInvalidOperationException() =>
        Assert.Throws<InvalidOperationException>(() => RespValue.Array(RespValue.Null).AsPairs());

    [Fact]
    public void Verbatim_Text_ExposesFormatAndContent()
    {
        var value = RespValue.Verbatim("txt", "hello");

        Assert.Equal("txt", value.VerbatimFormat);
        Assert.Equal("hello", value.AsString());
    }

    [Fact]
    public void AsBigInteger_BigNumber_ReturnsValue() =>
        Assert.Equal(BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture), RespValue.BigNumber("123456789012345678901234567890").AsBigInteger());

    [Fact]
    public void AsBoolean_IntegerOne_ReturnsTrue() => Assert.True(RespValue.Integer(1).AsBoolean());

    [Fact]
    public void ToException_ErrorValue_SplitsPrefix()
    {
        var exception = RespValue.Error("WRONGTYPE Operation against a key holding the wrong kind of value").ToException();

        Assert.Equal("WRONGTYPE", exception.Prefix);
        Assert.Equal("WRONGTYPE Operation against a key holding the wrong kind of value", exception.ServerMessage);
    }

    [Fact]
    public void BulkString_FromSpan_CopiesBytes()
    {
        var source = "abc"u8.ToArray();
        var value = RespValue.BulkString(source.AsSpan());

        source[0] = (byte)'z';

        Assert.Equal("abc", value.AsString());
    }
}
