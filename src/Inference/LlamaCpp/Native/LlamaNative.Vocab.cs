using System.Runtime.InteropServices;

namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary>Tokens, vocabulary and chat templates. A vocab pointer lives as long as its model.</summary>
internal static unsafe partial class LlamaNative
{
    [LibraryImport(Library, EntryPoint = "llama_vocab_n_tokens")]
    public static partial int VocabTokenCount(nint vocab);

    [LibraryImport(Library, EntryPoint = "llama_vocab_is_eog")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool VocabIsEndOfGeneration(nint vocab, int token);

    [LibraryImport(Library, EntryPoint = "llama_vocab_bos")]
    public static partial int VocabBos(nint vocab);

    [LibraryImport(Library, EntryPoint = "llama_vocab_eos")]
    public static partial int VocabEos(nint vocab);

    [LibraryImport(Library, EntryPoint = "llama_vocab_get_add_bos")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool VocabAddsBos(nint vocab);

    [LibraryImport(Library, EntryPoint = "llama_tokenize")]
    public static partial int Tokenize(
        nint vocab, byte* text, int textLength, int* tokens, int maxTokens,
        [MarshalAs(UnmanagedType.U1)] bool addSpecial, [MarshalAs(UnmanagedType.U1)] bool parseSpecial);

    [LibraryImport(Library, EntryPoint = "llama_token_to_piece")]
    public static partial int TokenToPiece(
        nint vocab, int token, byte* buffer, int length, int leftStrip, [MarshalAs(UnmanagedType.U1)] bool special);

    [LibraryImport(Library, EntryPoint = "llama_chat_apply_template")]
    public static partial int ChatApplyTemplate(
        byte* template, LlamaChatMessage* messages, nuint messageCount, [MarshalAs(UnmanagedType.U1)] bool addAssistant,
        byte* buffer, int length);
}
