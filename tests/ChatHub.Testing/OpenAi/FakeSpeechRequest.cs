namespace ChatHub.Testing.OpenAi;

/// <summary>One <c>/v1/audio/speech</c> request as the fake received it.</summary>
public sealed record FakeSpeechRequest(string Model, string Input, string Voice, string ResponseFormat, double? Speed, string Authorization);
