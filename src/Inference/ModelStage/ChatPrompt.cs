using System.Net;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// The prompt function the model stage invokes: Semantic Kernel's chat prompt format
/// (<c>&lt;message role="..."&gt;</c>), the system text as an encoded variable and the turns as XML we build and
/// escape ourselves (<see cref="History"/>). Going through a prompt function is what runs the prompt-render filters
/// (<see cref="PromptSafetyFilter"/>) on everything the model will see.
/// </summary>
internal static class ChatPrompt
{
    public const string SystemVariable = "system";
    public const string HistoryVariable = "history";
    public const string FunctionName = "chat";

    public static KernelFunction CreateFunction() => KernelFunctionFactory.CreateFromPrompt(new PromptTemplateConfig(
        $"<message role=\"system\">{{{{${SystemVariable}}}}}</message>\n{{{{${HistoryVariable}}}}}")
    {
        Name = FunctionName,
        TemplateFormat = PromptTemplateConfig.SemanticKernelTemplateFormat,
        InputVariables =
        [
            new InputVariable { Name = SystemVariable, IsRequired = true }, // encoded by the template engine
            new InputVariable { Name = HistoryVariable, IsRequired = true, AllowDangerouslySetContent = true }, // escaped by History
        ],
    });

    /// <summary>
    /// The user and assistant turns as chat-prompt XML, each text escaped; other roles are left out. With
    /// <paramref name="imageToken"/>, the last user turn also carries one <c>&lt;image&gt;</c> placeholder per image part
    /// (<see cref="ModelStageImages"/>).
    /// </summary>
    public static string History(IReadOnlyList<ChatMessage> messages, string? imageToken = null)
    {
        var xml = new StringBuilder();
        var last = imageToken is null ? null : messages.LastOrDefault(message => message.Role == ChatRole.User);
        foreach (var message in messages)
        {
            var role = message.Role == ChatRole.User ? "user" : message.Role == ChatRole.Assistant ? "assistant" : null;
            var images = ReferenceEquals(message, last) ? ImageParts(message).Count : 0;
            if (role is null || (string.IsNullOrWhiteSpace(message.Text) && images == 0))
            {
                continue;
            }

            var text = WebUtility.HtmlEncode(XmlSafe(message.Text));
            xml.Append("<message role=\"").Append(role).Append("\">");
            if (images == 0)
            {
                xml.Append(text);
            }
            else
            {
                xml.Append("<text>").Append(text).Append("</text>");
                for (var i = 0; i < images; i++)
                {
                    xml.Append("<image>").Append(ModelStageImages.Placeholder(imageToken!, i)).Append("</image>");
                }
            }

            xml.Append("</message>\n");
        }

        return xml.ToString();
    }

    /// <summary>The image parts of a message (what the worker fetched for the model).</summary>
    public static IReadOnlyList<DataContent> ImageParts(ChatMessage message) =>
        [.. message.Contents.OfType<DataContent>().Where(content => content.HasTopLevelMediaType("image"))];

    /// <summary>Drops the characters XML 1.0 cannot carry (the parser would reject the whole prompt).</summary>
    public static string XmlSafe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(c => !IsXmlChar(c) || char.IsSurrogate(c)))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (IsXmlChar(c) && !char.IsSurrogate(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsXmlChar(char c) => c is '\t' or '\n' or '\r' || (c >= ' ' && c != '\uFFFE' && c != '\uFFFF');
}
