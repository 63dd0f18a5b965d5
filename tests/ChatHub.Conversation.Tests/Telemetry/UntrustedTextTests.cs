using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Tests.Telemetry;

/// <summary>Escaping of strings from outside before they reach a log line.</summary>
public sealed partial class UntrustedTextTests
{
    public static TheoryData<string?, string> Cases() => new()
    {
        { null, "(none)" },
        { "", "" },
        { "plain text, ünïcödé, 日本語 and 🚀", "plain text, ünïcödé, 日本語 and 🚀" },
        { "a\nb", @"a\nb" },
        { "a\r\nb", @"a\r\nb" },
        { "a\tb", @"a\tb" },
        { "a\\nb", @"a\\nb" },
        { "a\u0000b\u001bc\u007fd", @"a\u0000b\u001bc\u007fd" },
        { "a\u0085b", @"a\u0085b" },
        { "a\u2028b\u2029c", @"a\u2028b\u2029c" },
        { "evil\u202Egnp.exe", @"evil\u202egnp.exe" },
        { "\u2066x\u2069\u200E\u200F\u061C", @"\u2066x\u2069\u200e\u200f\u061c" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Escape_Table(string? value, string expected)
    {
        Assert.Equal(expected, UntrustedText.Escape(value));
        Assert.Equal(expected, new UntrustedText(value).ToString());
    }

    [Fact]
    public void Escape_PlainValue_ReturnedAsItIs()
    {
        const string value = "nothing to escape";

        Assert.Same(value, UntrustedText.Escape(value));
    }

    [Fact]
    public void Escape_Long_CutWithEllipsisNeverHalfASurrogatePair()
    {
        var value = new string('x', UntrustedText.MaxLength - 1) + "🚀🚀";

        var escaped = UntrustedText.Escape(value);

        Assert.Equal(new string('x', UntrustedText.MaxLength - 1) + "…", escaped);
        Assert.Equal(UntrustedText.MaxLength + 1, UntrustedText.Escape(new string('y', 1000)).Length);
    }

    [Fact]
    public void Escape_Output_NeverContainsALineBreakOrControlCharacter()
    {
        var every = string.Concat(Enumerable.Range(0, 0x3000).Select(c => (char)c).Where(c => !char.IsSurrogate(c)));

        var escaped = UntrustedText.Escape(every, int.MaxValue);

        Assert.DoesNotContain(escaped, c => char.IsControl(c) || c is '\u2028' or '\u2029' || c is >= '\u202A' and <= '\u202E');
    }

    [Fact]
    public void LogMethod_UntrustedParameter_FormattedEscaped()
    {
        var logger = new RecordingLogger();

        LogReceived(logger, "x\ncrit: Forged");

        Assert.Equal(@"received x\ncrit: Forged", Assert.Single(logger.Messages));
    }

    [LoggerMessage(EventId = 3999, Level = LogLevel.Warning, Message = "received {Value}")]
    private static partial void LogReceived(ILogger logger, UntrustedText value);

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
