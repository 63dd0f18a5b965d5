using System.Text;
using ChatHub.Resp.Protocol;

namespace ChatHub.Resp.Tests.Protocol;

public sealed class RespFrameScannerTests
{
    [Theory]
    [MemberData(nameof(RespFrames.Valid), MemberType = typeof(RespFrames), DisableDiscoveryEnumeration = true)]
    public void TryRead_ValidFrame_ReturnsValueAndConsumesWholeFrame(string raw, RespValue expected)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);

        var done = RespReader.TryRead(bytes, new RespFrameScanner(), out var value, out var consumed);

        Assert.True(done);
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(expected, value);
    }

    [Theory]
    [MemberData(nameof(RespFrames.Valid), MemberType = typeof(RespFrames), DisableDiscoveryEnumeration = true)]
    public void Scan_FrameFollowedByAnother_ConsumesOnlyTheFirst(string raw, RespValue expected)
    {
        var bytes = Encoding.UTF8.GetBytes(raw + "+NEXT\r\n");
        var scanner = new RespFrameScanner();

        var status = scanner.Scan(bytes, out var length);
        var first = RespReader.Read(bytes.AsSpan(0, length));
        var secondStatus = scanner.Scan(bytes.AsSpan(length), out var secondLength);

        Assert.Equal(RespScanStatus.Done, status);
        Assert.Equal(expected, first);
        Assert.Equal(RespScanStatus.Done, secondStatus);
        Assert.Equal("+NEXT\r\n".Length, secondLength);
    }

    [Theory]
    [MemberData(nameof(RespFrames.Valid), MemberType = typeof(RespFrames), DisableDiscoveryEnumeration = true)]
    public void Scan_TruncatedAtEveryByte_ReturnsNeedMoreData(string raw, RespValue expected)
    {
        _ = expected;
        var bytes = Encoding.UTF8.GetBytes(raw);
        for (var length = 0; length < bytes.Length; length++)
        {
            var status = new RespFrameScanner().Scan(bytes.AsSpan(0, length), out var consumed);

            Assert.Equal(RespScanStatus.NeedMoreData, status);
            Assert.Equal(0, consumed);
        }
    }

    [Theory]
    [MemberData(nameof(RespFrames.Valid), MemberType = typeof(RespFrames), DisableDiscoveryEnumeration = true)]
    public void Scan_ResumedOneByteAtATime_FindsFrameOnlyAtLastByte(string raw, RespValue expected)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);
        var scanner = new RespFrameScanner();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Equal(RespScanStatus.NeedMoreData, scanner.Scan(bytes.AsSpan(0, length), out _));
        }

        var done = RespReader.TryRead(bytes, scanner, out var value, out var consumed);

        Assert.True(done);
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Scan_ResumedWithFewerBytesThanBefore_Throws()
    {
        var scanner = new RespFrameScanner();
        Assert.Equal(RespScanStatus.NeedMoreData, scanner.Scan("*2\r\n+a\r\n"u8, out _));

        Assert.Throws<InvalidOperationException>(() => scanner.Scan("*2\r\n"u8, out _));
    }

    [Fact]
    public void Scan_ResetAfterPartialFrame_StartsOver()
    {
        var scanner = new RespFrameScanner();
        Assert.Equal(RespScanStatus.NeedMoreData, scanner.Scan("*2\r\n+a\r\n"u8, out _));

        scanner.Reset();

        Assert.Equal(RespScanStatus.Done, scanner.Scan(":1\r\n"u8, out var length));
        Assert.Equal(4, length);
    }

    [Fact]
    public void Read_TrailingBytes_Throws() =>
        Assert.Throws<RespProtocolException>(() => RespReader.Read("+OK\r\n+OK\r\n"u8));

    [Fact]
    public void Read_IncompleteFrame_Throws() =>
        Assert.Throws<RespProtocolException>(() => RespReader.Read("*2\r\n+OK\r\n"u8));

    [Fact]
    public void TryRead_LargeArraySplitInChunks_ReadsEveryElement()
    {
        var raw = new StringBuilder("*1000\r\n");
        for (var i = 0; i < 1000; i++)
        {
            raw.Append('$').Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture).Length).Append("\r\n").Append(i).Append("\r\n");
        }

        var bytes = Encoding.ASCII.GetBytes(raw.ToString());
        var scanner = new RespFrameScanner();
        RespValue? value = null;
        var chunks = 0;
        for (var length = 7; value is null; length = Math.Min(bytes.Length, length + 97))
        {
            chunks++;
            RespReader.TryRead(bytes.AsSpan(0, length), scanner, out value, out _);
        }

        Assert.True(chunks > 10);
        Assert.Equal(1000, value.Items.Count);
        Assert.Equal("999", value.Items[999].AsString());
    }
}
