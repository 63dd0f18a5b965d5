using System.Globalization;
using System.Text;
using ChatHub.Conversation.Messages;
using Xunit.Abstractions;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>
/// Counts of one adapter's run (cases, answers by status class, publishes, oracle verdicts) and its failures, each
/// with the seed and replay command. <see cref="AssertNoFailures"/> fails the test with the first few.
/// </summary>
public sealed class FuzzTally(string suite, string testFilter)
{
    private readonly List<string> _failures = [];
    private readonly SortedDictionary<string, int> _byStrategy = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _byStatus = new(StringComparer.Ordinal);

    public int Cases { get; private set; }

    public int Accepted2xx { get; private set; }

    public int Rejected4xx { get; private set; }

    public int Failed5xx { get; private set; }

    public int Published { get; private set; }

    public int OracleInvalid { get; private set; }

    public int OracleUnknown { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    public void Record(FuzzCase fuzzCase, int status, int published, Verdict verdict)
    {
        Cases++;
        var strategy = fuzzCase.Strategy.Split('(')[0];
        _byStrategy[strategy] = _byStrategy.GetValueOrDefault(strategy) + 1;
        var statusKey = status.ToString(CultureInfo.InvariantCulture);
        _byStatus[statusKey] = _byStatus.GetValueOrDefault(statusKey) + 1;
        Published += published;
        switch (status)
        {
            case >= 200 and < 300: Accepted2xx++; break;
            case >= 400 and < 500: Rejected4xx++; break;
            case >= 500: Failed5xx++; break;
        }

        switch (verdict)
        {
            case Verdict.Invalid: OracleInvalid++; break;
            case Verdict.Unknown: OracleUnknown++; break;
        }
    }

    public void Fail(FuzzCase fuzzCase, string what) =>
        _failures.Add($"{what}\n    {fuzzCase.Describe()}\n    {FuzzSettings.Replay(suite, testFilter, fuzzCase)}");

    /// <summary>Why a published message is garbage, or null: what every adapter must guarantee of what it puts on chat.inbound.</summary>
    public static string? Garbage(InboundMessage message, int maxLength)
    {
        var hasImages = message.Images is { Count: > 0 };
        if ((string.IsNullOrWhiteSpace(message.Text) && !hasImages && message.Voice is null) || message.Text.Length > maxLength)
        {
            return "published text is empty (and no picture or voice message) or over the limit";
        }

        if (message.Voice is { } voice && (string.IsNullOrEmpty(voice.FileId) || voice.Channel != message.Conversation.Channel))
        {
            return "a published voice message lacks its file id or names another channel";
        }

        if (message.Images?.Any(image => image is null || string.IsNullOrEmpty(image.FileId) || image.Channel != message.Conversation.Channel) == true)
        {
            return "a published picture lacks its file id or names another channel";
        }

        for (var i = 0; i < message.Text.Length; i++)
        {
            var c = message.Text[i];
            if (char.IsHighSurrogate(c) && i + 1 < message.Text.Length && char.IsLowSurrogate(message.Text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || (char.IsControl(c) && c is not '\n' and not '\t'))
            {
                return $"published text holds U+{(int)c:X4}";
            }
        }

        if (string.IsNullOrEmpty(message.Id) || string.IsNullOrEmpty(message.PlatformMessageId) || string.IsNullOrEmpty(message.From?.UserId)
            || string.IsNullOrEmpty(message.Conversation.Channel) || string.IsNullOrEmpty(message.Conversation.BotId)
            || string.IsNullOrEmpty(message.Conversation.ChatId))
        {
            return "published message lacks an id, sender or conversation part";
        }

        return message.Properties?.Any(p => p.Value is null) == true ? "published message has a null property" : null;
    }

    public string Summary()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{suite}: {Cases} cases (master seed {FuzzSettings.MasterSeed}); 2xx {Accepted2xx}, 4xx {Rejected4xx}, 5xx {Failed5xx}; published {Published}; oracle: invalid {OracleInvalid}, unknown {OracleUnknown}\n");
        text.Append("  by status: ").AppendJoin(", ", _byStatus.Select(kv => $"{kv.Key}={kv.Value}")).Append('\n');
        text.Append("  by strategy: ").AppendJoin(", ", _byStrategy.Select(kv => $"{kv.Key}={kv.Value}"));
        return text.ToString();
    }

    public void AssertNoFailures(ITestOutputHelper output)
    {
        output.WriteLine(Summary());
        foreach (var failure in _failures.Take(50))
        {
            output.WriteLine(failure);
        }

        Assert.True(_failures.Count == 0 && Failed5xx == 0, $"{_failures.Count} fuzz failures.\n{Summary()}\n{string.Join('\n', _failures.Take(8))}");
    }
}
