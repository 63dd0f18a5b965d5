using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Moderation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Memory;

/// <summary>
/// The rules around <see cref="IMemoryStore"/>: what a fact may be (cleaned to one line, at most
/// <see cref="MemoryOptions.MaxLength"/>, not blocked by moderation), what the commands and the model's tool answer, and
/// which facts a prompt may carry: the person's own, in a direct chat always, in a group chat only after
/// <c>/memory groups on</c>. Everything is keyed by the hub user id (it follows linked accounts). Never logs the text.
/// </summary>
public sealed partial class MemoryService
{
    private readonly IMemoryStore _store;
    private readonly ModerationService _moderation;
    private readonly MemoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MemoryService> _logger;

    public MemoryService(IMemoryStore store, ModerationService moderation, IOptions<MemoryOptions> options, TimeProvider time, ILogger<MemoryService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _moderation = moderation;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public bool Enabled => _options.Enabled;

    public int MaxEntries => _options.MaxEntries;

    /// <summary>"remember that …", "please remember: …": the fact, or false when the text is no such request.</summary>
    public static bool TryParseRequest(string text, out string fact)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = RememberPattern().Match(text);
        fact = match.Success ? match.Groups["fact"].Value.Trim() : "";
        return fact.Length > 0;
    }

    /// <summary>The id of a fact: 12 hex digits of the SHA-256 of its lower-case text (the same fact is kept once).</summary>
    public static string IdOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToLowerInvariant()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 6));
    }

    /// <summary>Keeps <paramref name="text"/> for the person; the reply tells them what happened.</summary>
    public async ValueTask<string> RememberAsync(string hubUserId, string channel, string text, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return OffReply;
        }

        var fact = Clean(text);
        if (fact.Length == 0)
        {
            return "Tell me what to remember, e.g. \"remember that I prefer short answers\".";
        }

        if (fact.Length > _options.MaxLength)
        {
            return $"That is too long for me to remember: at most {_options.MaxLength} characters, please.";
        }

        var verdict = _moderation.CheckInbound(fact, channel);
        if (verdict.Blocked)
        {
            return "I can't remember that. Please rephrase it without offensive or unwanted words.";
        }

        fact = verdict.Text;
        var outcome = await _store.AddAsync(hubUserId, new MemoryEntry(IdOf(fact), fact, _time.GetUtcNow()), cancellationToken);
        LogRemembered(_logger, hubUserId, outcome);
        return outcome switch
        {
            MemoryAddOutcome.Added => "Noted: I will remember that. Send /memory to see what I keep, /forget to delete it.",
            MemoryAddOutcome.Duplicate => "I already remember that.",
            _ => $"My memory of you is full ({_options.MaxEntries} notes). Send /memory to see them and /forget N to delete one first.",
        };
    }

    /// <summary>
    /// The facts the prompt for <paramref name="message"/> may carry: null when memory is off here (disabled, or a group
    /// chat the person has not allowed it in), else the person's facts, oldest first.
    /// </summary>
    public async ValueTask<IReadOnlyList<string>?> RecallAsync(string hubUserId, InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Enabled || (!message.IsDirect && !await _store.GetGroupsEnabledAsync(hubUserId, cancellationToken)))
        {
            return null;
        }

        var entries = await _store.GetAsync(hubUserId, cancellationToken);
        if (entries.Count == 0)
        {
            return [];
        }

        var texts = new string[entries.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = entries[i].Text;
        }

        return texts;
    }

    public ValueTask<IReadOnlyList<MemoryEntry>> ListAsync(string hubUserId, CancellationToken cancellationToken) =>
        _store.GetAsync(hubUserId, cancellationToken);

    /// <summary>Deletes the <paramref name="number"/>th fact (1-based, as <c>/memory</c> lists them); false when there is none.</summary>
    public async ValueTask<bool> ForgetAsync(string hubUserId, int number, CancellationToken cancellationToken)
    {
        var entries = await _store.GetAsync(hubUserId, cancellationToken);
        if (number < 1 || number > entries.Count)
        {
            return false;
        }

        var removed = await _store.RemoveAsync(hubUserId, entries[number - 1].Id, cancellationToken);
        LogForgotten(_logger, hubUserId, removed ? 1 : 0);
        return removed;
    }

    public async ValueTask<int> ForgetAllAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var removed = await _store.ClearAsync(hubUserId, cancellationToken);
        LogForgotten(_logger, hubUserId, removed);
        return removed;
    }

    public ValueTask<bool> GroupsEnabledAsync(string hubUserId, CancellationToken cancellationToken) =>
        _store.GetGroupsEnabledAsync(hubUserId, cancellationToken);

    public ValueTask SetGroupsAsync(string hubUserId, bool enabled, CancellationToken cancellationToken) =>
        _store.SetGroupsEnabledAsync(hubUserId, enabled, cancellationToken);

    /// <summary>What the commands answer when <see cref="MemoryOptions.Enabled"/> is false.</summary>
    public const string OffReply = "Memory is turned off on this hub: I keep nothing about you between conversations.";

    /// <summary>One line: control characters, line breaks and tabs become spaces, runs of spaces one.</summary>
    private static string Clean(string text)
    {
        var clean = TextSanitizer.Clean(text);
        var builder = new StringBuilder(clean.Length);
        foreach (var c in clean)
        {
            var space = char.IsWhiteSpace(c) || char.IsControl(c);
            if (!space)
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        return builder.ToString().Trim();
    }

    [GeneratedRegex(@"^\s*(?:please\s*,?\s+)?remember(?:\s+that\b|\s*:)\s*(?<fact>.+)$", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex RememberPattern();

    [LoggerMessage(EventId = 3961, Level = LogLevel.Information, Message = "Memory of hub user {HubUserId}: add {Outcome}")]
    private static partial void LogRemembered(ILogger logger, string hubUserId, MemoryAddOutcome outcome);

    [LoggerMessage(EventId = 3962, Level = LogLevel.Information, Message = "Memory of hub user {HubUserId}: {Count} entries deleted by the person")]
    private static partial void LogForgotten(ILogger logger, string hubUserId, int count);
}
