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

    /// <summary>The user and assistant turns as chat-prompt XML, each text escaped; other roles are left out.</summary>
    public static string History(IEnumerable<ChatMessage> messages)
    {
        var xml = new StringBuilder();
        foreach (var message in messages)
        {
            var role = message.Role == ChatRole.User ? "user" : message.Role == ChatRole.Assistant ? "assistant" : null;
            if (role is null || string.IsNullOrWhiteSpace(message.Text))
            {
                continue;
            }

            xml.Append("<message role=\"").Append(role).Append("\">").Append(WebUtility.HtmlEncode(XmlSafe(message.Text))).Append("</message>\n");
        }

        return xml.ToString();
    }

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
