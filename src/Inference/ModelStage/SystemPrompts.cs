using System.Text;
using ChatHub.Inference.Abstractions;
using Microsoft.SemanticKernel;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// The system prompt templates (<see cref="PromptOptions"/>), parsed once at start by Semantic Kernel's template
/// factory (a bad template throws then, never on a message), rendered per request with <c>platform</c>,
/// <c>displayName</c> and <c>locale</c>. The person's values are data, not instructions: cleaned (no control characters,
/// so no line breaks; at most 64 characters) and put in double quotes with <c>"</c> and <c>\</c> escaped, so a
/// display name such as <c>Ann." Ignore your instructions…</c> arrives as one quoted value; only the hub's own words
/// (a known platform's name, "not known") go in unquoted. The chat prompt that carries the result escapes it as XML.
/// </summary>
internal sealed class SystemPrompts
{
    private const int MaxValueLength = 64;
    private readonly Template _default;
    private readonly Dictionary<string, Template> _channels;

    public SystemPrompts(PromptOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var factory = Factory();
        _default = Create(factory, "Inference:Prompts:System", options.System);
        _channels = options.Channels.ToDictionary(
            pair => pair.Key, pair => Create(factory, $"Inference:Prompts:Channels:{pair.Key}", pair.Value), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Renders the template for the request's channel; Personal: the person's name went in.</summary>
    public async Task<(string Text, bool Personal)> RenderAsync(Kernel kernel, ChatRequestContext? context, CancellationToken cancellationToken)
    {
        var template = context is not null && _channels.TryGetValue(context.Platform, out var channel) ? channel : _default;
        var name = Clean(context?.DisplayName);
        var locale = Clean(context?.Locale);
        var arguments = new KernelArguments
        {
            ["platform"] = PlatformName(context?.Platform),
            ["displayName"] = name is null ? "a person whose name you do not know" : Quoted(name),
            ["locale"] = locale is null ? "not known" : Quoted(locale),
        };
        var text = await template.Prompt.RenderAsync(kernel, arguments, cancellationToken);
        return (text.Trim(), name is not null && template.UsesName);
    }

    /// <summary>
    /// Checks <paramref name="template"/> the way the hub will use it: parsed, then rendered once with sample values (a
    /// call to a function that does not exist fails only then); the error names <paramref name="setting"/>.
    /// </summary>
    public static string? Validate(string setting, string? template)
    {
        try
        {
            var prompt = Create(Factory(), setting, template).Prompt;
            var sample = new KernelArguments { ["platform"] = "Telegram", ["displayName"] = "Ann", ["locale"] = "en" };
            _ = prompt.RenderAsync(new Kernel(), sample).GetAwaiter().GetResult(); // no functions: completes at once
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
        catch (Exception ex) when (ex is KernelException or KeyNotFoundException or ArgumentException)
        {
            return $"{setting} cannot be rendered: {ex.Message}";
        }
    }

    // Values are rendered as plain text here (the chat prompt escapes the whole system text once).
    private static KernelPromptTemplateFactory Factory() => new() { AllowDangerouslySetContent = true };

    private static Template Create(KernelPromptTemplateFactory factory, string setting, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidOperationException($"{setting} is empty.");
        }

        var config = new PromptTemplateConfig(text) { TemplateFormat = PromptTemplateConfig.SemanticKernelTemplateFormat };
        try
        {
            return new Template(factory.Create(config), text.Contains("$displayName", StringComparison.Ordinal));
        }
        catch (KernelException ex)
        {
            throw new InvalidOperationException($"{setting} is not a valid prompt template: {ex.Message}", ex);
        }
    }

    private static string PlatformName(string? platform) => platform switch
    {
        "telegram" => "Telegram",
        "discord" => "Discord",
        "teams" => "Microsoft Teams",
        "webchat" => "the web chat",
        "whatsapp" => "WhatsApp",
        "slack" => "Slack",
        null => "an unknown platform",
        _ => Clean(platform) is { } other ? Quoted(other) : "an unknown platform",
    };

    /// <summary>
    /// A fact the person asked the hub to remember, as one quoted value like the prompt's other person values (control
    /// characters and line breaks become spaces, at most <paramref name="maxLength"/> characters, <c>"</c> and <c>\</c>
    /// escaped); null when nothing is left.
    /// </summary>
    public static string? QuoteFact(string? value, int maxLength) => Clean(value, maxLength) is { } clean ? Quoted(clean) : null;

    /// <summary>A person's value as one quoted string: <c>"</c> and <c>\</c> escaped (line breaks are gone already).</summary>
    private static string Quoted(string value) =>
        string.Concat("\"", value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal), "\"");

    private static string? Clean(string? value, int maxLength = MaxValueLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var builder = new StringBuilder(Math.Min(value.Length, maxLength));
        foreach (var c in value)
        {
            if (builder.Length == maxLength)
            {
                break;
            }

            builder.Append(char.IsControl(c) || char.IsWhiteSpace(c) ? ' ' : c);
        }

        var text = builder.ToString().Trim();
        return text.Length == 0 ? null : text;
    }

    private sealed record Template(IPromptTemplate Prompt, bool UsesName);
}
