using System.Text;

namespace ChatHub.Inference.ModelStage;

/// <summary>
/// A tool's output as the model sees it: data, not instructions. Control characters other than line breaks and tabs
/// are dropped, chat-template and tool-call markers are broken up (so a web page cannot close the tool's turn or open a
/// new one in a local model's prompt), and the text is cut to the configured length.
/// </summary>
internal static class UntrustedToolText
{
    private static readonly string[] Markers =
    [
        "<|", "|>", "<tool_call>", "</tool_call>", "<tool_response>", "</tool_response>", "[INST]", "[/INST]", "<<SYS>>", "<</SYS>>",
    ];

    public static string Clean(string text, int maxCharacters)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(Math.Min(text.Length, maxCharacters + 16));
        foreach (var c in text)
        {
            if (!char.IsControl(c) || c is '\n' or '\t')
            {
                builder.Append(c);
            }
        }

        foreach (var marker in Markers)
        {
            builder.Replace(marker, string.Join(' ', marker.ToCharArray()));
        }

        if (builder.Length > maxCharacters)
        {
            builder.Length = maxCharacters;
            builder.Append("… (cut)");
        }

        return builder.ToString();
    }
}
