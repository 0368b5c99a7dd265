package com.questetra.bpms.util;

import java.sql.Timestamp;
import java.util.Calendar;

/**
 * The local host's stand-in for Questetra's {@code com.questetra.bpms.util.AddableTimestamp}: a
 * DATETIME data item's value, a {@link Timestamp} that adds and rounds (each call returns a new
 * object). Real Java in the GraalJS tier so that Java APIs such as
 * {@code SimpleDateFormat.format} accept it, as on the platform; the Node tier has the same API
 * in JS (src/host/runtime/dates.ts). Compiled by the JDK's source launcher with RunAddonTests.java.
 */
public class AddableTimestamp extends Timestamp {
    private static final long serialVersionUID = 1L;

    public AddableTimestamp() {
        this(System.currentTimeMillis());
    }

    public AddableTimestamp(long epochMillis) {
        super(epochMillis);
    }

    private AddableTimestamp add(int field, int amount) {
        Calendar calendar = Calendar.getInstance();
        calendar.setTimeInMillis(getTime());
        calendar.add(field, amount);
        return new AddableTimestamp(calendar.getTimeInMillis());
    }

    public AddableTimestamp addYears(int years) {
        return add(Calendar.YEAR, years);
    }

    public AddableTimestamp addMonths(int months) {
        return add(Calendar.MONTH, months);
    }

    public AddableTimestamp addDays(int days) {
        return add(Calendar.DATE, days);
    }

    public AddableTimestamp addHours(int hours) {
        return new AddableTimestamp(getTime() + hours * 3_600_000L);
    }

    public AddableTimestamp addMinutes(int minutes) {
        return new AddableTimestamp(getTime() + minutes * 60_000L);
    }

    public AddableTimestamp addSeconds(int seconds) {
        return new AddableTimestamp(getTime() + seconds * 1_000L);
    }

    public AddableTimestamp addMilliseconds(long milliseconds) {
        return new AddableTimestamp(getTime() + milliseconds);
    }

    static long startOfDay(long epochMillis) {
        Calendar calendar = Calendar.getInstance();
        calendar.setTimeInMillis(epochMillis);
        calendar.set(Calendar.HOUR_OF_DAY, 0);
        calendar.set(Calendar.MINUTE, 0);
        calendar.set(Calendar.SECOND, 0);
        calendar.set(Calendar.MILLISECOND, 0);
        return calendar.getTimeInMillis();
    }

    public AddableTimestamp getFirstTimeInDate() {
        return new AddableTimestamp(startOfDay(getTime()));
    }

    public AddableTimestamp getLastTimeInDate() {
        return new AddableTimestamp(getFirstTimeInDate().addDays(1).getTime() - 1);
    }

    public AddableTimestamp getFirstTimeInMonth() {
        Calendar calendar = Calendar.getInstance();
        calendar.setTimeInMillis(startOfDay(getTime()));
        calendar.set(Calendar.DATE, 1);
        return new AddableTimestamp(calendar.getTimeInMillis());
    }
}
