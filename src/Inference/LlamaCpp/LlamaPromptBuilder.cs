using System.Globalization;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// Turns a conversation into prompt tokens with the model's chat template (<c>llama_chat_apply_template</c>): the
/// conversation's system messages (or, when it has none, the configured system prompt), then the turns, ending with the assistant's cue. When the
/// prompt does not fit, the oldest turns are dropped first; the last user message always stays (if it alone is too
/// long, only its end is kept). An assistant turn whose text is a reply this model gave (<see cref="LlamaReplyTokens"/>)
/// goes in as the tokens it was generated as, not its text tokenized again, so that a follow-up's prompt starts with
/// exactly what the previous turn's sequence holds (see <see cref="LlamaPromptCache"/>).
/// </summary>
internal sealed class LlamaPromptBuilder
{
    /// <summary>The template used when the model has none and none is configured.</summary>
    public const string DefaultTemplate = "chatml";

    /// <summary>Stands in for a remembered reply while the template is applied; never in a message (checked).</summary>
    private const string MarkerStart = "\u001F\u001EchathubReply";
    private const string MarkerEnd = "\u001E\u001F";

    private readonly LlamaModel _model;
    private readonly string? _systemPrompt;
    private readonly LlamaReplyTokens? _replies;

    public LlamaPromptBuilder(LlamaModel model, string? systemPrompt, string? template, LlamaReplyTokens? replies = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _replies = replies;
        _systemPrompt = string.IsNullOrWhiteSpace(systemPrompt) ? null : systemPrompt;
        Template = !string.IsNullOrWhiteSpace(template) ? template : model.ChatTemplate ?? DefaultTemplate;
    }

    public string Template { get; }

    /// <summary>The prompt tokens, at most <paramref name="maxTokens"/>; <paramref name="droppedTurns"/> counts the turns left out.</summary>
    public int[] Build(IReadOnlyList<ChatMessage> messages, int maxTokens, out int droppedTurns) =>
        Build(messages, maxTokens, [], out droppedTurns);

    /// <summary>
    /// As <see cref="Build(IReadOnlyList{ChatMessage}, int, out int)"/>, with <paramref name="tools"/> offered in the system
    /// prompt (<see cref="LlamaToolCalls"/>) and tool calls and results written in the turns.
    /// </summary>
    public int[] Build(IReadOnlyList<ChatMessage> messages, int maxTokens, IReadOnlyList<AIFunctionDeclaration> tools, out int droppedTurns)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        // The conversation's own system messages replace the configured prompt (the model stage renders its own).
        var own = messages.Where(m => m.Role == ChatRole.System && !string.IsNullOrWhiteSpace(m.Text)).Select(m => m.Text).ToArray();
        var system = own.Length > 0 ? string.Join("\n\n", own) : _systemPrompt ?? string.Empty;
        if (tools.Count > 0)
        {
            system = system.Length == 0 ? LlamaToolCalls.SystemSection(tools) : system + "\n\n" + LlamaToolCalls.SystemSection(tools);
        }

        var turns = new List<(string Role, string Content)>();
        foreach (var message in messages)
        {
            var (role, content) = message.Role == ChatRole.User ? ("user", message.Text)
                : message.Role == ChatRole.Assistant ? ("assistant", LlamaToolCalls.AssistantText(message))
                : message.Role == ChatRole.Tool ? ("user", LlamaToolCalls.ToolText(message)) // tool results: a user turn, as Qwen's template writes them
                : (null, string.Empty);
            if (role is not null && !string.IsNullOrEmpty(content))
            {
                turns.Add((role, content));
            }
        }

        if (turns.Count == 0)
        {
            turns.Add(("user", string.Empty));
        }

        droppedTurns = 0;
        while (true)
        {
            var tokens = Tokenize(system, turns);
            if (tokens.Length <= maxTokens)
            {
                return tokens;
            }

            if (turns.Count == 1)
            {
                return tokens[^maxTokens..];
            }

            // Drop the oldest turn, and an assistant turn left at the front, so the prompt starts with the user.
            do
            {
                turns.RemoveAt(0);
                droppedTurns++;
            }
            while (turns.Count > 1 && turns[0].Role == "assistant");
        }
    }

    private int[] Tokenize(string system, List<(string Role, string Content)> turns, bool withReplies = true)
    {
        var chat = new List<(string Role, string Content)>(turns.Count + 1);
        if (system.Length > 0)
        {
            chat.Add(("system", system));
        }

        var replies = new List<int[]>();
        var markable = withReplies && _replies is not null && !system.Contains(MarkerStart, StringComparison.Ordinal)
            && !turns.Any(turn => turn.Content.Contains(MarkerStart, StringComparison.Ordinal));
        foreach (var (role, content) in turns)
        {
            if (markable && role == "assistant" && _replies!.TryGet(content, out var tokens))
            {
                chat.Add((role, Marker(replies.Count)));
                replies.Add(tokens);
            }
            else
            {
                chat.Add((role, content));
            }
        }

        var text = LlamaModel.ApplyChatTemplate(Template, chat, addAssistant: true);

        // Templates that write the BOS text themselves (llama2, llama3) must not get a second one.
        var addSpecial = _model.BosText is not { Length: > 0 } bos || !text.StartsWith(bos, StringComparison.Ordinal);
        if (replies.Count == 0)
        {
            return _model.Tokenize(text, addSpecial, parseSpecial: true);
        }

        // The text between the replies is tokenized piece by piece (each piece after a reply starts where the template
        // closes the turn, usually a control token), with the replies' own tokens in between.
        var prompt = new List<int>(text.Length / 2);
        var position = 0;
        for (var i = 0; i < replies.Count; i++)
        {
            var marker = Marker(i);
            var at = text.IndexOf(marker, position, StringComparison.Ordinal);
            if (at < 0)
            {
                // The template changed the content (trimmed, escaped): the replies' text, tokenized again.
                return Tokenize(system, turns, withReplies: false);
            }

            prompt.AddRange(_model.Tokenize(text[position..at], i == 0 && addSpecial, parseSpecial: true));
            prompt.AddRange(replies[i]);
            position = at + marker.Length;
        }

        prompt.AddRange(_model.Tokenize(text[position..], addSpecial: false, parseSpecial: true));
        return [.. prompt];
    }

    private static string Marker(int index) => string.Create(CultureInfo.InvariantCulture, $"{MarkerStart}{index}{MarkerEnd}");
}
