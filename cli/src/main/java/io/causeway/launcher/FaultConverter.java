package io.causeway.launcher;

import io.causeway.ingest.sim.FaultSpec;
import picocli.CommandLine;

/** Parses {@code SERVICE:KIND}; a bad value gives picocli's usage error with the valid choices. */
final class FaultConverter implements CommandLine.ITypeConverter<FaultSpec> {
  @Override
  public FaultSpec convert(String value) {
    try {
      return FaultSpec.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
