using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// Tool calling for local models through the chat template, in the Hermes / Qwen format: the tools go into the system
/// prompt as JSON signatures inside <c>&lt;tools&gt;</c>, a call is <c>&lt;tool_call&gt;{json}&lt;/tool_call&gt;</c>
/// (sampled under <see cref="LlamaToolGrammar"/>), and a result goes back as a user turn inside
/// <c>&lt;tool_response&gt;</c>. <see cref="Parse"/> turns the output into text and <see cref="FunctionCallContent"/>.
/// </summary>
internal static class LlamaToolCalls
{
    /// <summary>The functions offered in <paramref name="options"/> (none when tools are off for this request).</summary>
    public static IReadOnlyList<AIFunctionDeclaration> Offered(ChatOptions? options)
    {
        if (options?.Tools is not { Count: > 0 } tools || options.ToolMode is NoneChatToolMode)
        {
            return [];
        }

        var functions = tools.OfType<AIFunctionDeclaration>().ToArray();
        return options.ToolMode is RequiredChatToolMode { RequiredFunctionName: { } only }
            ? [.. functions.Where(function => function.Name == only)]
            : functions;
    }

    /// <summary>The system prompt's tool section.</summary>
    public static string SystemSection(IReadOnlyList<AIFunctionDeclaration> functions)
    {
        var text = new StringBuilder("# Tools\n\nYou may call one of these functions to answer. Their signatures are inside <tools></tools>:\n<tools>\n");
        foreach (var function in functions)
        {
            text.Append(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["type"] = "function",
                ["function"] = new Dictionary<string, object?>
                {
                    ["name"] = function.Name,
                    ["description"] = function.Description,
                    ["parameters"] = function.JsonSchema,
                },
            })).Append('\n');
        }

        return text.Append("</tools>\n\nTo call a function, answer with only:\n")
            .Append(LlamaToolGrammar.Open).Append("\n{\"name\": <function-name>, \"arguments\": <arguments-json-object>}\n")
            .Append(LlamaToolGrammar.Close).Append("\nFunction results come back inside <tool_response></tool_response>.")
            .ToString();
    }

    /// <summary>An assistant turn's text with its calls written the way the model writes them.</summary>
    public static string AssistantText(ChatMessage message)
    {
        var text = new StringBuilder(message.Text);
        foreach (var call in message.Contents.OfType<FunctionCallContent>())
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(LlamaToolGrammar.Open).Append('\n')
                .Append(JsonSerializer.Serialize(new Dictionary<string, object?> { ["name"] = call.Name, ["arguments"] = call.Arguments }))
                .Append('\n').Append(LlamaToolGrammar.Close);
        }

        return text.ToString();
    }

    /// <summary>A tool turn's results, each inside <c>&lt;tool_response&gt;</c>.</summary>
    public static string ToolText(ChatMessage message)
    {
        var text = new StringBuilder();
        foreach (var result in message.Contents.OfType<FunctionResultContent>())
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            var value = result.Result switch
            {
                null => string.Empty,
                string s => s,
                JsonElement element when element.ValueKind == JsonValueKind.String => element.GetString() ?? string.Empty,
                var other => JsonSerializer.Serialize(other),
            };
            text.Append("<tool_response>\n").Append(value).Append("\n</tool_response>");
        }

        return text.ToString();
    }

    /// <summary>
    /// Splits a finished output into its text and its calls. A call that does not parse stays text (it cannot happen
    /// under the grammar, but a model without one may write anything).
    /// </summary>
    public static (string Text, IReadOnlyList<FunctionCallContent> Calls) Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var calls = new List<FunctionCallContent>();
        var text = new StringBuilder();
        var position = 0;
        while (true)
        {
            var open = output.IndexOf(LlamaToolGrammar.Open, position, StringComparison.Ordinal);
            var close = open < 0 ? -1 : output.IndexOf(LlamaToolGrammar.Close, open, StringComparison.Ordinal);
            if (open < 0 || close < 0)
            {
                text.Append(output.AsSpan(position));
                break;
            }

            text.Append(output.AsSpan(position, open - position));
            var json = output[(open + LlamaToolGrammar.Open.Length)..close];
            if (TryParseCall(json, calls.Count) is { } call)
            {
                calls.Add(call);
            }
            else
            {
                text.Append(output.AsSpan(open, close + LlamaToolGrammar.Close.Length - open));
            }

            position = close + LlamaToolGrammar.Close.Length;
        }

        return (text.ToString().Trim(), calls);
    }

    /// <summary>
    /// <paramref name="text"/> without a call that was opened and never closed (the reply hit its token limit inside
    /// it): that is neither a call nor words for the person. Cut: how many characters went.
    /// </summary>
    public static string WithoutUnterminatedCall(string text, out int cut)
    {
        ArgumentNullException.ThrowIfNull(text);
        var open = text.LastIndexOf(LlamaToolGrammar.Open, StringComparison.Ordinal);
        cut = open >= 0 && text.IndexOf(LlamaToolGrammar.Close, open, StringComparison.Ordinal) < 0 ? text.Length - open : 0;
        return text[..(text.Length - cut)];
    }

    /// <summary>How much of <paramref name="text"/>'s end might be the start of <see cref="LlamaToolGrammar.Open"/> (held back while streaming).</summary>
    public static int PossibleOpeningAtEnd(ReadOnlySpan<char> text)
    {
        for (var length = Math.Min(text.Length, LlamaToolGrammar.Open.Length - 1); length > 0; length--)
        {
            if (LlamaToolGrammar.Open.AsSpan().StartsWith(text[^length..], StringComparison.Ordinal))
            {
                return length;
            }
        }

        return 0;
    }

    private static FunctionCallContent? TryParseCall(string json, int index)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (root.TryGetProperty("arguments", out var args) && args.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in args.EnumerateObject())
                {
                    arguments[property.Name] = property.Value.Clone();
                }
            }

            var id = string.Create(CultureInfo.InvariantCulture, $"call_{Guid.NewGuid():N}_{index}");
            return new FunctionCallContent(id, name.GetString()!, arguments);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
