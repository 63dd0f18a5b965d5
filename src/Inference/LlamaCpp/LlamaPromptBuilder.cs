using Microsoft.Extensions.AI;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// Turns a conversation into prompt tokens with the model's chat template (<c>llama_chat_apply_template</c>): the
/// configured system prompt (plus any system messages), then the turns, ending with the assistant's cue. When the
/// prompt does not fit, the oldest turns are dropped first; the last user message always stays (if it alone is too
/// long, only its end is kept).
/// </summary>
internal sealed class LlamaPromptBuilder
{
    /// <summary>The template used when the model has none and none is configured.</summary>
    public const string DefaultTemplate = "chatml";

    private readonly LlamaModel _model;
    private readonly string? _systemPrompt;

    public LlamaPromptBuilder(LlamaModel model, string? systemPrompt, string? template)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _systemPrompt = string.IsNullOrWhiteSpace(systemPrompt) ? null : systemPrompt;
        Template = !string.IsNullOrWhiteSpace(template) ? template : model.ChatTemplate ?? DefaultTemplate;
    }

    public string Template { get; }

    /// <summary>The prompt tokens, at most <paramref name="maxTokens"/>; <paramref name="droppedTurns"/> counts the turns left out.</summary>
    public int[] Build(IReadOnlyList<ChatMessage> messages, int maxTokens, out int droppedTurns)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        var system = string.Join("\n\n", new[] { _systemPrompt }
            .Concat(messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text))
            .Where(text => !string.IsNullOrWhiteSpace(text)));
        var turns = messages
            .Where(m => (m.Role == ChatRole.User || m.Role == ChatRole.Assistant) && !string.IsNullOrEmpty(m.Text))
            .Select(m => (Role: m.Role == ChatRole.User ? "user" : "assistant", Content: m.Text))
            .ToList();
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

    private int[] Tokenize(string system, List<(string Role, string Content)> turns)
    {
        var chat = new List<(string Role, string Content)>(turns.Count + 1);
        if (system.Length > 0)
        {
            chat.Add(("system", system));
        }

        chat.AddRange(turns);
        var text = LlamaModel.ApplyChatTemplate(Template, chat, addAssistant: true);

        // Templates that write the BOS text themselves (llama2, llama3) must not get a second one.
        var addSpecial = _model.BosText is not { Length: > 0 } bos || !text.StartsWith(bos, StringComparison.Ordinal);
        return _model.Tokenize(text, addSpecial, parseSpecial: true);
    }
}
