namespace StudioEmulator;

public sealed class HelpRequestedException : Exception;
