using System.Runtime.InteropServices;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary>
/// Grammar-constrained sampling (GBNF). Both return NULL when the grammar does not parse. A lazy grammar applies only
/// once a trigger pattern (a full-match regex whose first group marks where the constrained text starts) or a trigger
/// token shows up in the output; the text from there on is fed to the grammar.
/// </summary>
internal static unsafe partial class LlamaNative
{
    [LibraryImport(Library, EntryPoint = "llama_sampler_init_grammar", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint SamplerInitGrammar(nint vocab, string grammar, string root);

    [LibraryImport(Library, EntryPoint = "llama_sampler_init_grammar_lazy_patterns", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint SamplerInitGrammarLazyPatterns(
        nint vocab, string grammar, string root, byte** triggerPatterns, nuint patternCount, int* triggerTokens, nuint tokenCount);
}
