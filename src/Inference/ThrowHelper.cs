using System.Diagnostics.CodeAnalysis;

namespace ChatHub.Inference;

internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowInvalidKnowledgeBase(string source, IEnumerable<string> errors) =>
        throw new InvalidOperationException(
            $"The knowledge base '{source}' is not usable:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}");
}
