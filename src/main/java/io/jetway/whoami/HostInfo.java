package io.jetway.whoami;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The machine facts whoami prints. Read once at start: the lookups can be slow and do not change
 * while a test runs.
 *
 * @param hostname the machine's host name
 * @param ips      every interface address, zone ids removed
 */
record HostInfo(String hostname, List<String> ips) {

    HostInfo {
        ips = List.copyOf(ips);
    }

    static HostInfo ofThisMachine() {
        return new HostInfo(machineHostname(), interfaceAddresses());
    }

    private static String machineHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | SecurityException unresolvable) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "localhost" : fromEnvironment;
        }
    }

    private static List<String> interfaceAddresses() {
        List<String> addresses = new ArrayList<>();
        try {
            for (NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(networkInterface.getInetAddresses())) {
                    String text = address.getHostAddress();
                    int zone = text.indexOf('%');
                    addresses.add(zone < 0 ? text : text.substring(0, zone));
                }
            }
        } catch (SocketException noInterfaces) {
            // A machine without interfaces is still worth describing: whoami then prints no IP line.
        }
        return addresses;
    }
}
